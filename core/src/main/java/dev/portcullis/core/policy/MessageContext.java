package dev.portcullis.core.policy;

import dev.portcullis.core.message.Envelope;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * One connection's view for message policies: who sent it, and the message being judged now with what
 * earlier policies learnt about it (its envelope, its typed payload). One instance serves every message
 * of its connection, so judging allocates no context. Messages are judged one at a time on the
 * connection's IO thread; only the principal may change from another thread (authentication by
 * message, token refresh), so it alone is volatile.
 */
public final class MessageContext {

  private final String connectionId;
  /** Built once: the replay policy asks for the scope on every message. */
  private final String anonymousScope;
  private final ClientAddress client;
  private volatile Principal principal;
  private String text;
  private int bytes;
  private Envelope envelope;
  private Object payload;

  public MessageContext(String connectionId, ClientAddress client, Principal principal) {
    this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
    this.anonymousScope = "connection:" + connectionId;
    this.client = Objects.requireNonNull(client, "client");
    this.principal = principal;
  }

  public String connectionId() {
    return connectionId;
  }

  public ClientAddress client() {
    return client;
  }

  public Optional<Principal> principal() {
    return Optional.ofNullable(principal);
  }

  /** The principal's subject, or {@code null} on a connection without one; for events, without an {@code Optional}. */
  public String subject() {
    Principal who = principal;
    return who != null ? who.subject() : null;
  }

  /** Whose ids must be unique: the subject, or for an anonymous connection the connection itself. */
  public String replayScope() {
    Principal who = principal;
    return who != null ? who.subject() : anonymousScope;
  }

  public void authenticated(Principal who) {
    this.principal = Objects.requireNonNull(who, "who");
  }

  /** Starts judging a new message; forgets what was learnt about the previous one. */
  public void begin(String text, int bytes) {
    this.text = text;
    this.bytes = bytes;
    this.envelope = null;
    this.payload = null;
  }

  /** The message as received. */
  public String text() {
    return text;
  }

  /** Its size in bytes (UTF-8, as it arrived). */
  public int bytes() {
    return bytes;
  }

  /** The parsed envelope, once the envelope policy has run; {@code null} before. */
  public Envelope envelope() {
    return envelope;
  }

  public void envelope(Envelope parsed) {
    this.envelope = parsed;
  }

  /** The payload bound to its registered class, once the schema policy has run; else {@code null}. */
  public Object payload() {
    return payload;
  }

  public void payload(Object typed) {
    this.payload = typed;
  }
}
