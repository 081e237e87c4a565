package dev.portcullis.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.RateLimitPortContract;
import dev.portcullis.core.port.RateRule;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest extends RateLimitPortContract {

  @Override
  protected RateLimitPort newRateLimiter(MutableClock clock) {
    return new InMemoryRateLimiter(clock);
  }

  @Test
  void aHundredThousandDistinctKeysNeverHoldMoreCountersThanTheBound() {
    InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock, 1_000);
    RateRule rule = new RateRule("attempts", 10, Duration.ofMinutes(1));

    for (int i = 0; i < 100_000; i++) {
      limiter.tryConsume(rule, "key-" + i, 1);
      if (i % 10_000 == 9_999) {
        assertThat(limiter.size()).as("after %d keys", i + 1).isLessThanOrEqualTo(1_000);
      }
    }

    assertThat(limiter.size()).isLessThanOrEqualTo(1_000).isPositive();
  }

  @Test
  void countersExpireOnceTheyCanNoLongerAffectADecision() {
    InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock, 1_000);
    RateRule rule = new RateRule("attempts", 10, Duration.ofMinutes(1));
    limiter.tryConsume(rule, "a", 1);
    limiter.tryConsume(rule, "b", 1);

    clock.advance(Duration.ofMinutes(2));

    assertThat(limiter.size()).isZero();
  }
}
