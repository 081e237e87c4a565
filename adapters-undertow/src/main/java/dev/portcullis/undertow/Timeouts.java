package dev.portcullis.undertow;

import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.config.ConnectionConfig;
import java.time.Duration;

/**
 * A socket's timeouts in nanoseconds of the monotonic ticker, computed once per transport. Immutable.
 *
 * @param auth      {@code WS_AUTH_TIMEOUT}: how long a socket may stay unauthenticated
 * @param lifetime  {@code WS_CONNECTION_TIMEOUT}: how long any socket may live
 * @param pingEvery {@code WS_HEARTBEAT_INTERVAL}
 * @param silence   {@code WS_HEARTBEAT_TIMEOUT}: how long without a pong or a message
 * @param close     how long a peer may take to answer our close frame before TCP is closed
 */
record Timeouts(long auth, long lifetime, long pingEvery, long silence, long close) {

  static Timeouts of(ConnectionConfig connections, AuthConfig auth, Duration closeTimeout) {
    return new Timeouts(nanos(auth.authTimeout()), nanos(connections.connectionTimeout()),
        nanos(connections.heartbeatInterval()), nanos(connections.heartbeatTimeout()), nanos(closeTimeout));
  }

  /** {@code d} in nanoseconds, saturated: a duration of centuries means "never", not an overflow. */
  static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
