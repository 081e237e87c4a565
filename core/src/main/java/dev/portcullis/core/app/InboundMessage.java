package dev.portcullis.core.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.core.message.Envelope;
import dev.portcullis.core.model.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * A message that passed every policy, as the handler receives it: the text as it arrived, its parsed
 * envelope, its payload and who sent it. Immutable and thread-safe.
 *
 * <p>The payload is the instance of the class registered for the message's type (with
 * {@code Portcullis.Builder.payload(type, class)}), bound and validated; for a type without a
 * registered class it is the raw JSON tree ({@link JsonNode}); {@code null} when the message had none.
 */
public final class InboundMessage {

  private final String text;
  private final Envelope envelope;
  private final Object payload;
  private final Principal principal;

  /**
   * @param envelope  the parsed envelope; {@code null} only when no envelope policy enforces (it is in
   *                  {@code WS_DRY_RUN}) and the text is not a valid envelope
   * @param payload   the typed payload, or {@code null} to take the envelope's raw payload
   * @param principal who sent it, or {@code null} on a connection without authentication
   */
  public InboundMessage(String text, Envelope envelope, Object payload, Principal principal) {
    this.text = Objects.requireNonNull(text, "text");
    this.envelope = envelope;
    this.payload = payload != null ? payload : envelope == null ? null : envelope.payload();
    this.principal = principal;
  }

  /** The message as it arrived, unchanged. */
  public String text() {
    return text;
  }

  /** The parsed envelope ({@code id}, {@code type}, {@code timestamp}, {@code payload}); see the class comment. */
  public Envelope envelope() {
    return envelope;
  }

  /** The envelope's {@code type}, or {@code null} without an envelope. */
  public String type() {
    return envelope == null ? null : envelope.type();
  }

  /** The envelope's {@code id}, or {@code null} without an envelope. */
  public String id() {
    return envelope == null ? null : envelope.id();
  }

  /** The typed payload, or the raw JSON tree when no class is registered for the type; may be {@code null}. */
  public Object payload() {
    return payload;
  }

  /**
   * The payload as {@code type}, typically the record registered for this message type.
   *
   * @throws ClassCastException when the payload is not a {@code type} (another type's record, or a raw
   *                            JSON tree because no class is registered for this message type)
   */
  public <T> T payload(Class<T> type) {
    return type.cast(payload);
  }

  /** Who sent it: the connection's principal when the message was judged. */
  public Optional<Principal> principal() {
    return Optional.ofNullable(principal);
  }

  /** Shows the id and type only: the text and payload may hold anything a client sent. */
  @Override
  public String toString() {
    return "InboundMessage[id=" + id() + ", type=" + type() + "]";
  }
}
