package dev.portcullis.core.event;

import java.time.Instant;

/**
 * A token was refused (never logged: only the reason, such as {@code expired}).
 *
 * @param carrier where the token came from: {@code header}, {@code query}, {@code subprotocol},
 *                {@code message}, or {@code none}
 */
public record AuthenticationFailed(Instant time, String address, String reason, String carrier)
    implements SecurityEvent {

  @Override
  public String kind() {
    return "authentication_failed";
  }
}
