package dev.portcullis.core.event;

import java.time.Instant;

/**
 * An address, a range or a subject was blocked until {@code until}.
 *
 * @param address the blocked key: an address, a range, or {@code subject:<sub>}
 * @param offence the how-manieth block of this address inside the memory window (1 for a first); 0 for an
 *                operator's block
 */
public record AddressBlocked(Instant time, String address, String reason, Instant until, long offence)
    implements SecurityEvent {

  @Override
  public String kind() {
    return "address_blocked";
  }
}
