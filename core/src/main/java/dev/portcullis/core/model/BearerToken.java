package dev.portcullis.core.model;

import java.util.Objects;

/**
 * A bearer token as a client presented it. Its {@link #toString()} never shows the token, so it can
 * sit in any object that may be logged. Immutable and thread-safe.
 */
public record BearerToken(String value, Carrier carrier) {

  /** Where the token travelled; CONTRACT §2 lists the four. */
  public enum Carrier { HEADER, QUERY, SUBPROTOCOL, MESSAGE }

  public BearerToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(carrier, "carrier");
  }

  @Override
  public String toString() {
    return "BearerToken[" + carrier + ", " + value.length() + " chars, redacted]";
  }
}
