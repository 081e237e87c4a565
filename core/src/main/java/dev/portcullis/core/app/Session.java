package dev.portcullis.core.app;

import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import java.util.Optional;

/** One admitted WebSocket connection, as the application sees it. Thread-safe. */
public interface Session {

  String id();

  ClientAddress client();

  /** Who the connection belongs to; empty only where authentication is not required. */
  Optional<Principal> principal();

  /** Queues a text message for the client; never blocks. */
  void send(String text);

  /** Closes with a WebSocket close code and reason. */
  void close(int code, String reason);
}
