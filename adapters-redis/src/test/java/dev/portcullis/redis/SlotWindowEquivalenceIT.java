package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.port.RateDecision;
import dev.portcullis.core.port.RateRule;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Lua script is the core's {@code SlotWindow}, not an approximation of it: fed the same random
 * sequences of time steps, units, limits and resets, {@link LettuceRateLimiter} and
 * {@link InMemoryRateLimiter} give the same decisions, field by field (allowed, remaining, retryAfter,
 * resetAfter), for windows that divide into 60 slots evenly and windows that do not.
 */
class SlotWindowEquivalenceIT {

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  @Test
  void theScriptAndTheCoreDecideEveryStepOfRandomSequencesAlike() {
    MutableClock clock = new MutableClock(MutableClock.ALIGNED_START.plusMillis(123_457));
    LettuceRateLimiter shared = new LettuceRateLimiter(redis.node(clock));
    InMemoryRateLimiter local = new InMemoryRateLimiter(clock);
    Random random = new Random(20301101L);
    List<RateRule> rules = List.of(
        new RateRule("ten-per-minute", 10, Duration.ofSeconds(60)),
        new RateRule("three-per-7s", 3, Duration.ofSeconds(7)),
        new RateRule("one-per-second", 1, Duration.ofSeconds(1)),
        new RateRule("fifty-per-90s", 50, Duration.ofMillis(90_001)),
        new RateRule("offences", 64, Duration.ofHours(24)));
    List<String> keys = List.of("203.0.113.5", "2001:db8:1:2:0:0:0:0/64", "user-1");

    for (int step = 0; step < 3_000; step++) {
      RateRule rule = rules.get(random.nextInt(rules.size()));
      String key = keys.get(random.nextInt(keys.size()));
      long slot = Math.max(1, rule.window().toMillis() / 60);
      switch (random.nextInt(10)) {
        case 0 -> clock.advanceMillis(random.nextLong(slot * 70)); // sometimes past the whole window
        case 1, 2, 3 -> clock.advanceMillis(random.nextLong(slot * 3));
        case 4 -> {
          shared.reset(rule, key);
          local.reset(rule, key);
          continue;
        }
        default -> clock.advanceMillis(random.nextInt(50));
      }
      long units = 1 + random.nextInt((int) Math.min(rule.limit() + 2, 6));

      RateDecision expected = local.tryConsume(rule, key, units);
      RateDecision actual = shared.tryConsume(rule, key, units);

      assertThat(actual).as("step %d: %d units of %s for %s at %s", step, units, rule, key, clock.instant())
          .isEqualTo(expected);
    }
  }
}
