package dev.portcullis.core.event;

import java.time.Instant;

/**
 * An address was blocked until {@code until}.
 *
 * @param offence the how-manieth block of this address inside the memory window (1 for a first)
 */
public record AddressBlocked(Instant time, String address, String reason, Instant until, long offence)
    implements SecurityEvent {

  @Override
  public String kind() {
    return "address_blocked";
  }
}
