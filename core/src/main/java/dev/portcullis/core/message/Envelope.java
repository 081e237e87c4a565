package dev.portcullis.core.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A parsed inbound message (CONTRACT §3): {@code {"id","type","timestamp","payload"}}, or the
 * framework's own {@code {"type":"auth","token":"..."}}, whose id and timestamp are optional. Immutable;
 * its {@link #toString()} never shows a token.
 *
 * @param id              1..128 characters, unique per subject inside the replay window; {@code null}
 *                        only on an {@code auth} message that had none
 * @param type            the message type
 * @param timestampMillis the client's timestamp as epoch milliseconds (seconds were converted), or
 *                        {@link #NO_TIMESTAMP} on an {@code auth} message that had none
 * @param payload         the payload, or {@code null} when the message had none
 * @param token           the token of an {@code auth} message, else {@code null}
 */
public record Envelope(String id, String type, long timestampMillis, JsonNode payload, String token) {

  /** The framework's own type that carries a token (CONTRACT §2, the fourth carrier). */
  public static final String AUTH = "auth";
  /** The framework's own keep-alive type. */
  public static final String HEARTBEAT = "heartbeat";
  public static final long NO_TIMESTAMP = Long.MIN_VALUE;

  public Envelope {
    Objects.requireNonNull(type, "type");
  }

  public boolean isAuth() {
    return AUTH.equals(type);
  }

  public boolean hasTimestamp() {
    return timestampMillis != NO_TIMESTAMP;
  }

  @Override
  public String toString() {
    return "Envelope[id=" + id + ", type=" + type + ", timestamp=" + timestampMillis
        + (token == null ? "" : ", token=redacted") + "]";
  }
}
