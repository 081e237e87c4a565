package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.RateRule;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizing for {@code docs/scaling.md}, measured on the real server: what one tracked address costs in
 * Redis (its attempt counter and its open-connection lease), taken as the growth of {@code used_memory}
 * over a few thousand addresses; the test fails if the figure grows past the documented bound.
 */
class MemoryFootprintIT {

  static final int ADDRESSES = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(MemoryFootprintIT.class);

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  @Test
  void oneTrackedAddressCostsLessThanHalfAKilobyteInRedis() {
    RedisState node = redis.serverTimeNode();
    LettuceRateLimiter limiter = new LettuceRateLimiter(node);
    LettuceConnectionRegistry registry = new LettuceConnectionRegistry(node);
    RateRule attempts = new RateRule("attempts", 10, Duration.ofSeconds(60));
    limiter.tryConsume(attempts, "warm-up", 1);
    registry.tryLease(LeaseScope.ADDRESS, "warm-up", 50);
    long before = usedMemory();

    for (int i = 0; i < ADDRESSES; i++) {
      String address = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
      limiter.tryConsume(attempts, address, 1);
      registry.tryLease(LeaseScope.ADDRESS, address, 50);
    }

    long perAddress = (usedMemory() - before) / ADDRESSES;
    long counter = redis.inspect().memoryUsage(new Keys(redis.prefix()).rate("attempts", "10.0.0.7"));
    long lease = redis.inspect().memoryUsage(new Keys(redis.prefix()).lease(LeaseScope.ADDRESS, "10.0.0.7"));
    LOG.info("Redis memory per tracked address: {} bytes (attempt counter {} B + lease {} B by MEMORY USAGE)",
        perAddress, counter, lease);
    assertThat(perAddress).isBetween(50L, 512L);
  }

  private static long usedMemory() {
    String info = redis.inspect().info("memory");
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new AssertionError("INFO memory has no used_memory");
  }
}
