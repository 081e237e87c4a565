package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.core.port.RateDecision;
import dev.portcullis.core.port.RateRule;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Catalogue DIST-08: with the default time source, windows and expiries follow Redis's clock, so nodes
 * whose clocks are a minute apart still share one window exactly. (These tests wait on real time, a
 * second at most: there is no other clock to move.)
 */
class ServerTimeIT {

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  private RedisState nodeWithClockOff(Duration skew) {
    return redis.node(Clock.offset(Clock.systemUTC(), skew), RedisFailureMode.LOCAL, o -> o);
  }

  @Test
  void nodesWhoseClocksAreAMinuteApartShareOneWindow() {
    LettuceRateLimiter behind = new LettuceRateLimiter(nodeWithClockOff(Duration.ofSeconds(-30)));
    LettuceRateLimiter ahead = new LettuceRateLimiter(nodeWithClockOff(Duration.ofSeconds(30)));
    RateRule rule = new RateRule("attempts", 4, Duration.ofSeconds(60));

    for (int i = 0; i < 2; i++) {
      assertThat(behind.tryConsume(rule, "203.0.113.5", 1).allowed()).isTrue();
      assertThat(ahead.tryConsume(rule, "203.0.113.5", 1).allowed()).isTrue();
    }
    RateDecision refusedAhead = ahead.tryConsume(rule, "203.0.113.5", 1);
    RateDecision refusedBehind = behind.tryConsume(rule, "203.0.113.5", 1);

    assertThat(refusedAhead.allowed()).isFalse();
    assertThat(refusedBehind.allowed()).isFalse();
    assertThat(refusedAhead.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(61));
    assertThat(refusedBehind.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(61));
  }

  @Test
  void aShortWindowFreesItselfByRedisTime() throws InterruptedException {
    LettuceRateLimiter limiter = new LettuceRateLimiter(nodeWithClockOff(Duration.ofHours(-2)));
    RateRule rule = new RateRule("burst", 2, Duration.ofMillis(600));
    limiter.tryConsume(rule, "k", 2);
    RateDecision refused = limiter.tryConsume(rule, "k", 1);

    Thread.sleep(refused.retryAfter().toMillis() + 20);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isBetween(Duration.ofMillis(1), Duration.ofMillis(620));
    assertThat(limiter.tryConsume(rule, "k", 1).allowed()).isTrue();
  }

  @Test
  void aReplayIdIsForgottenWhenItsSetNxPxExpires() throws InterruptedException {
    LettuceReplayGuard first = new LettuceReplayGuard(redis.serverTimeNode());
    LettuceReplayGuard second = new LettuceReplayGuard(redis.serverTimeNode());
    Duration window = Duration.ofMillis(300);

    assertThat(first.firstSeen("user-1", "m-1", window)).isTrue();
    assertThat(second.firstSeen("user-1", "m-1", window)).isFalse();
    String key = new Keys(redis.prefix()).replay("user-1", "m-1");
    assertThat(redis.inspect().pttl(key)).isBetween(1L, 300L);

    Thread.sleep(350);

    assertThat(redis.inspect().exists(key)).isZero();
    assertThat(second.firstSeen("user-1", "m-1", window)).isTrue();
  }
}
