package dev.portcullis.core.port;

import java.time.Duration;

/** The network side: serves the WebSocket endpoint. Implemented by a transport adapter (Undertow). */
public interface Transport {

  /** Starts listening; returns once the port is bound. */
  void start();

  /** The port actually bound (useful with {@code WS_PORT=0}). */
  int port();

  /**
   * The port the extra HTTP routes (admin, health, metrics) are bound to: {@link #port()} unless the
   * configuration gives them one of their own ({@code WS_ADMIN_PORT}).
   */
  default int routesPort() {
    return port();
  }

  /** Stops accepting, closes open sockets, and waits at most {@code grace} for them to go. */
  void stop(Duration grace);
}
