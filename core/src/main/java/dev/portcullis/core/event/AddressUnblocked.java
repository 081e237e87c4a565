package dev.portcullis.core.event;

import java.time.Instant;

/** A block was lifted before it expired. */
public record AddressUnblocked(Instant time, String address, String reason) implements SecurityEvent {

  @Override
  public String kind() {
    return "address_unblocked";
  }
}
