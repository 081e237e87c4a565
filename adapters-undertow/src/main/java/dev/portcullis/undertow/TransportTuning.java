package dev.portcullis.undertow;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the Undertow transport that the contract leaves to the implementation. Immutable.
 *
 * @param closeTimeout how long a socket may take to answer our close frame before its TCP connection
 *                     is closed anyway (RFC 6455 §7.1.1 lets the server close first; a peer that never
 *                     answers must not hold its slot)
 * @param ioThreads    Undertow IO threads
 */
public record TransportTuning(Duration closeTimeout, int ioThreads) {

  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  public TransportTuning {
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    if (closeTimeout.isNegative() || closeTimeout.isZero()) {
      throw new IllegalArgumentException("closeTimeout must be positive, not " + closeTimeout);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1, not " + ioThreads);
    }
  }

  /** A 5 s close timeout and one IO thread per core (at least two). */
  public static TransportTuning defaults() {
    return new TransportTuning(DEFAULT_CLOSE_TIMEOUT, Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  public TransportTuning withCloseTimeout(Duration timeout) {
    return new TransportTuning(timeout, ioThreads);
  }
}
