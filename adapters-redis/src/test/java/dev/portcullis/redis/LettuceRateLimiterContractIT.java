package dev.portcullis.redis;

import dev.portcullis.core.port.RateLimitPortContract;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.testing.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LettuceRateLimiter} keeps the core's {@code RateLimitPortContract} against a real redis-server. */
class LettuceRateLimiterContractIT extends RateLimitPortContract {

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  @Override
  protected RateLimitPort newRateLimiter(MutableClock clock) {
    return new LettuceRateLimiter(redis.node(clock));
  }
}
