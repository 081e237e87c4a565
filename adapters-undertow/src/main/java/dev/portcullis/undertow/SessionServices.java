package dev.portcullis.undertow;

import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.config.ConnectionConfig;
import dev.portcullis.core.config.MessageConfig;
import dev.portcullis.core.engine.FailedAuthTracker;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.ConnectionRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every session of one transport shares: the application, the ports, the limits and the
 * executors. Immutable; every member is thread-safe.
 *
 * @param workers      runs token checks off the IO threads (the handshake workers)
 * @param timer        only schedules hand-overs: auth timeouts, forced closes
 * @param closeTimeout how long a socket may take to answer our close frame before TCP is closed
 */
record SessionServices(
    MessageHandler handler,
    ConnectionRegistry registry,
    AuthPort auth,
    FailedAuthTracker failedAuth,
    Clock clock,
    ScheduledExecutorService timer,
    Executor workers,
    MessageConfig messages,
    AuthConfig authConfig,
    ConnectionConfig connections,
    Duration closeTimeout) {

  SessionServices {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(failedAuth, "failedAuth");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(timer, "timer");
    Objects.requireNonNull(workers, "workers");
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(authConfig, "authConfig");
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
  }
}
