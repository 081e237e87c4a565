package dev.portcullis.redis;

import dev.portcullis.core.port.ReplayGuardContract;
import dev.portcullis.core.port.ReplayGuard;
import dev.portcullis.core.testing.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LettuceReplayGuard} keeps the core's {@code ReplayGuardContract} against a real redis-server. */
class LettuceReplayGuardContractIT extends ReplayGuardContract {

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  @Override
  protected ReplayGuard newReplayGuard(MutableClock clock) {
    return new LettuceReplayGuard(redis.node(clock));
  }
}
