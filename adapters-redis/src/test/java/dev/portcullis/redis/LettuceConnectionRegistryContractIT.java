package dev.portcullis.redis;

import dev.portcullis.core.port.ConnectionRegistryContract;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.testing.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LettuceConnectionRegistry} keeps the core's {@code ConnectionRegistryContract} against a real redis-server. */
class LettuceConnectionRegistryContractIT extends ConnectionRegistryContract {

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  @Override
  protected ConnectionRegistry newRegistry(MutableClock clock) {
    return new LettuceConnectionRegistry(redis.node(clock));
  }
}
