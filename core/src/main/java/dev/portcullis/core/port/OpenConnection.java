package dev.portcullis.core.port;

import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import java.time.Instant;
import java.util.Optional;

/** A live, upgraded connection as the registry knows it. Implementations are thread-safe. */
public interface OpenConnection {

  String id();

  ClientAddress client();

  /** Empty while the socket has not yet authenticated (first-message auth). */
  Optional<Principal> principal();

  Instant openedAt();

  /** Whole messages received so far, refused ones included. */
  long messagesIn();

  /** Messages handed to the outbound queue so far, error frames included. */
  long messagesOut();

  /** Messages waiting in the outbound queue right now. */
  int queued();

  /**
   * Closes the connection with a WebSocket close {@code code} and {@code reason} (CONTRACT §3). Safe to
   * call from any thread, more than once.
   */
  void close(int code, String reason);
}
