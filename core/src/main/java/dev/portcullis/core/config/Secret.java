package dev.portcullis.core.config;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A secret value (an HMAC key, an admin token) whose {@link #toString()} never shows it. */
public record Secret(String value) {

  public Secret {
    Objects.requireNonNull(value, "value");
  }

  /** Length of the secret in bytes of UTF-8: what an HMAC key's strength is measured by. */
  public int byteLength() {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
