package dev.portcullis.redis;

import dev.portcullis.core.port.BlockListPortContract;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.testing.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LettuceBlockList} keeps the core's {@code BlockListPortContract} against a real redis-server. */
class LettuceBlockListContractIT extends BlockListPortContract {

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  @Override
  protected BlockListPort newBlockList(MutableClock clock) {
    return new LettuceBlockList(redis.node(clock));
  }
}
