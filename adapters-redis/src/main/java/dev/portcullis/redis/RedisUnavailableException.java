package dev.portcullis.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Redis did not answer within the time limit, refused the call, or the circuit breaker is open: the
 * caller answers with its failure mode instead. Thrown by the adapters' Redis side only; the ports a
 * node uses never let it out. Carries no stack trace of its own when the breaker rejects a call (that
 * happens on every call during an outage, and must stay cheap).
 */
public final class RedisUnavailableException extends RedisStateException {

  private static final long serialVersionUID = 1L;

  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  private RedisUnavailableException(String message, boolean stackless) {
    super(message, null, false, !stackless);
  }

  /**
   * Whether the call went out and its answer did not come back in time: Redis may still run it late (a
   * paused or stalled server). False when no call was made or the connection refused it.
   */
  public boolean mayRunLate() {
    Throwable cause = getCause();
    return cause instanceof TimeoutException
        || cause instanceof RedisCommandTimeoutException;
  }

  /** The breaker is open: no call was made. */
  static RedisUnavailableException breakerOpen(String operation) {
    return new RedisUnavailableException("Redis " + operation + " not attempted: the circuit breaker is open", true);
  }
}
