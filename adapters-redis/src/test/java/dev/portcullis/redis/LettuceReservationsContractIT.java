package dev.portcullis.redis;

import dev.portcullis.core.port.ReservationsContract;
import dev.portcullis.core.testing.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LettuceReservations} keeps the core's {@code ReservationsContract} against a real redis-server. */
class LettuceReservationsContractIT extends ReservationsContract {

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  @Override
  protected State newState(MutableClock clock) {
    RedisState node = redis.node(clock);
    LettuceRateLimiter counters = new LettuceRateLimiter(node);
    LettuceConnectionRegistry registry = new LettuceConnectionRegistry(node);
    return new State(new LettuceReservations(node, counters, registry), counters, registry);
  }
}
