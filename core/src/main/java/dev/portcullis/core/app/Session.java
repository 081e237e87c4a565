package dev.portcullis.core.app;

import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One admitted WebSocket connection, as the application sees it: who is on the other end, and a way to
 * send to them and to close. Every send goes through the connection's outbound queue, bounded by
 * {@code WS_MAX_QUEUE_SIZE}: a send never blocks, and a client that reads too slowly to keep the queue
 * under its bound is closed {@code 1013 queue_full}. Sends after the connection began to close are
 * dropped. Thread-safe: call it from any thread.
 */
public interface Session {

  /** An unguessable id for this connection (the admin API and the security log use it too). */
  String id();

  ClientAddress client();

  /**
   * Who the connection belongs to, as its latest token says (a socket that refreshed its token by an
   * {@code auth} message has the new one); empty only where authentication is not required.
   */
  Optional<Principal> principal();

  /** Queues a text message; never blocks. */
  void send(String text);

  /**
   * Queues {@code value} serialised as JSON (Jackson, its default settings); never blocks.
   *
   * @throws IllegalArgumentException when {@code value} cannot be serialised (a programming error)
   */
  void sendJson(Object value);

  /** Queues a binary message of the bytes remaining in {@code data} (copied); never blocks. */
  void sendBinary(ByteBuffer data);

  /**
   * Closes with a WebSocket close code (1000, or 3000-4999 for the application's own) and a reason of
   * at most 123 bytes (longer ones are cut). Messages already queued are sent first. Only the first close
   * counts.
   *
   * @throws IllegalArgumentException when RFC 6455 §7.4 forbids sending {@code code}
   */
  void close(int code, String reason);

  /** Whether the connection is open and not closing. */
  boolean isOpen();
}
