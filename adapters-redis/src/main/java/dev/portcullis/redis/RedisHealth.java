package dev.portcullis.redis;

import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.core.port.HealthCheck;
import java.util.Objects;

/**
 * Reports shared state in {@code /health}, from what the node already knows (the circuit breaker), never by
 * calling Redis. Unreachable Redis makes the node unready only under {@code WS_REDIS_FAILURE_MODE=closed}, where
 * it refuses every new connection; under {@code local} and {@code open} it still serves, and the detail says
 * how. Thread-safe.
 */
final class RedisHealth implements HealthCheck {

  private final RedisState state;

  RedisHealth(RedisState state) {
    this.state = Objects.requireNonNull(state, "state");
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Status check() {
    if (!state.degraded()) {
      int nodes = state.liveNodes();
      return new Status(true, "shared state, " + nodes + (nodes == 1 ? " live node" : " live nodes"));
    }
    RedisFailureMode mode = state.failureMode();
    return switch (mode) {
      case LOCAL -> new Status(true, "unreachable: enforcing with node-local state");
      case OPEN -> new Status(true, "unreachable: admitting without shared limits");
      case CLOSED -> new Status(false, "unreachable: refusing new connections");
    };
  }
}
