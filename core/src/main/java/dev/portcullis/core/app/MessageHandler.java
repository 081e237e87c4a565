package dev.portcullis.core.app;

import java.nio.ByteBuffer;

/**
 * The application behind the guard: it only ever sees connections that were admitted and messages that
 * passed every message policy. A lambda will do for a handler that only answers messages:
 *
 * <pre>{@code
 * MessageHandler echo = (session, message) -> session.send(message.text());
 * }</pre>
 *
 * <p>Every method is called on the connection's IO thread, one call at a time per connection: a handler
 * must not block there (hand slow work to an executor of its own and {@link Session#send} from it; that
 * is safe from any thread). An exception a handler throws is logged and the connection stays open.
 * Implementations shared by many connections must be thread-safe.
 */
@FunctionalInterface
public interface MessageHandler {

  /** The connection is open and authenticated (when authentication is required); nothing arrived yet. */
  default void onOpen(Session session) {}

  /**
   * A whole text message that passed every message policy. The framework's own {@code auth} and
   * {@code heartbeat} messages never arrive here.
   */
  void onMessage(Session session, InboundMessage message);

  /**
   * A whole binary message, only when {@code WS_ALLOW_BINARY=true}: it passed the size bound and the
   * connection's message rate, but no envelope or schema (binary has none). The buffer is read-only and
   * valid only during this call. Ignored by default.
   */
  default void onBinary(Session session, ByteBuffer data) {}

  /**
   * The connection is gone, whoever closed it; called once, and only after {@link #onOpen}.
   *
   * @param code   the close code (RFC 6455 §7.4), {@code 1006} when the connection ended without one
   * @param reason the close reason, empty when there was none
   */
  default void onClose(Session session, int code, String reason) {}
}
