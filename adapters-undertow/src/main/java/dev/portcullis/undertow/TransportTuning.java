package dev.portcullis.undertow;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the Undertow transport that the contract leaves to the implementation. Immutable.
 *
 * @param closeTimeout  how long a socket may take to answer our close frame before its TCP connection
 *                      is closed anyway (RFC 6455 §7.1.1 lets the server close first; a peer that never
 *                      answers must not hold its slot)
 * @param ioThreads     Undertow IO threads
 * @param sweepInterval how often one sweep over all open sockets checks their deadlines (authentication,
 *                      token expiry, heartbeat, connection lifetime, close timeout) and sends due pings:
 *                      the precision of every one of those timeouts
 */
public record TransportTuning(Duration closeTimeout, int ioThreads, Duration sweepInterval) {

  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMillis(250);

  public TransportTuning {
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    Objects.requireNonNull(sweepInterval, "sweepInterval");
    if (closeTimeout.isNegative() || closeTimeout.isZero()) {
      throw new IllegalArgumentException("closeTimeout must be positive, not " + closeTimeout);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1, not " + ioThreads);
    }
    if (sweepInterval.toMillis() < 1) {
      throw new IllegalArgumentException("sweepInterval must be at least 1 ms, not " + sweepInterval);
    }
  }

  /** A 5 s close timeout, one IO thread per core (at least two), a sweep every 250 ms. */
  public static TransportTuning defaults() {
    return new TransportTuning(DEFAULT_CLOSE_TIMEOUT, Math.max(2, Runtime.getRuntime().availableProcessors()),
        DEFAULT_SWEEP_INTERVAL);
  }

  public TransportTuning withCloseTimeout(Duration timeout) {
    return new TransportTuning(timeout, ioThreads, sweepInterval);
  }

  public TransportTuning withSweepInterval(Duration interval) {
    return new TransportTuning(closeTimeout, ioThreads, interval);
  }
}
