package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.RateRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Catalogue RL-05 and DIST-02 against the real store: hostile keys never collide or escape their
 * namespace, and no key the adapters write lives forever (every one has a TTL), so a node that dies
 * between two commands leaves nothing behind that counts for ever.
 */
class KeyHygieneIT {

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  @Test
  void hostileKeysCountSeparatelyAndStayInsideThePrefix() {
    LettuceRateLimiter limiter = new LettuceRateLimiter(redis.serverTimeNode());
    RateRule rule = new RateRule("attempts", 1, Duration.ofSeconds(60));
    List<String> hostile = List.of("a}{b", "a*", "*", "a\nb", "a b", "x".repeat(10_000), "x".repeat(10_001), "",
        "{}", "#abc");

    for (String key : hostile) {
      assertThat(limiter.tryConsume(rule, key, 1).allowed()).as("first use of %s", key.length() > 20 ? "a long key" : key)
          .isTrue();
    }

    assertThat(redis.keysOfThisTest()).filteredOn(k -> k.contains(":rate:")).hasSize(hostile.size())
        .allSatisfy(k -> assertThat(k).startsWith(redis.prefix() + ":{").hasSizeLessThan(100));
  }

  @Test
  void everyKeyTheAdaptersWriteHasATimeToLive() {
    RedisState node = redis.serverTimeNode();
    LettuceRateLimiter limiter = new LettuceRateLimiter(node);
    LettuceConnectionRegistry registry = new LettuceConnectionRegistry(node);
    LettuceReplayGuard replay = new LettuceReplayGuard(node);
    LettuceBlockList blocks = new LettuceBlockList(node);
    for (int i = 0; i < 20; i++) {
      limiter.tryConsume(new RateRule("attempts", 3, Duration.ofSeconds(60)), "198.51.100." + i, 1);
      registry.tryLease(LeaseScope.ADDRESS, "198.51.100." + i, 5);
      replay.firstSeen("user-" + i, "m", Duration.ofMinutes(10));
    }
    registry.tryLease(LeaseScope.TOTAL, "", 100);
    Instant now = Instant.now();
    blocks.block(new Block("198.51.100.1", "test", now, now.plusSeconds(300)));
    blocks.lift("198.51.100.1");
    blocks.block(new Block("198.51.100.2", "test", now, now.plusSeconds(300)));
    assertThat(blocks.lift("198.51.100.99")).isFalse(); // a round trip after the block's write

    List<String> keys = redis.keysOfThisTest();
    assertThat(keys).hasSizeGreaterThan(60);
    for (String key : keys) {
      if (key.endsWith(":{blocks}:version") || key.endsWith(":{blocks}:epoch")) {
        continue; // two small strings per fleet, by design: they mark the list's history
      }
      assertThat(redis.inspect().pttl(key)).as("TTL of %s", key).isPositive();
    }
  }
}
