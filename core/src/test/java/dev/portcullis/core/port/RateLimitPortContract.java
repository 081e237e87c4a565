package dev.portcullis.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.testing.Concurrently;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimitPort} must do, whatever stores the counters. An adapter's test extends
 * this class and supplies the port; the clock starts at a window boundary and only moves when a test
 * moves it. Sliding windows may weigh the previous fixed window (a bounded approximation), so these
 * tests only assert what both an exact sliding log and the two-window counter guarantee.
 */
public abstract class RateLimitPortContract {

  protected static final Duration WINDOW = Duration.ofSeconds(60);
  protected static final RateRule RULE = new RateRule("contract-attempts", 5, WINDOW);

  protected MutableClock clock;
  protected RateLimitPort port;

  /** A fresh, empty port reading time from {@code clock}. */
  protected abstract RateLimitPort newRateLimiter(MutableClock clock);

  @BeforeEach
  void createPort() {
    clock = MutableClock.aligned();
    port = newRateLimiter(clock);
  }

  private RateDecision consume(String key) {
    return port.tryConsume(RULE, key, 1);
  }

  private void spendTheLimit(RateRule rule, String key) {
    for (int i = 0; i < rule.limit(); i++) {
      assertThat(port.tryConsume(rule, key, 1).allowed()).as("unit %d of %d", i + 1, rule.limit()).isTrue();
    }
  }

  @Test
  void allowsExactlyTheLimitAndThenRefuses() {
    for (long expectedRemaining = 4; expectedRemaining >= 0; expectedRemaining--) {
      RateDecision d = consume("203.0.113.5");
      assertThat(d.allowed()).isTrue();
      assertThat(d.limit()).isEqualTo(5);
      assertThat(d.remaining()).isEqualTo(expectedRemaining);
      assertThat(d.retryAfter()).isZero();
    }

    RateDecision refused = consume("203.0.113.5");

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
  }

  @Test
  void severalUnitsAreSpentTogetherOrNotAtAll() {
    assertThat(port.tryConsume(RULE, "k", 3).allowed()).isTrue();

    RateDecision tooMany = port.tryConsume(RULE, "k", 3);
    RateDecision theRest = port.tryConsume(RULE, "k", 2);

    assertThat(tooMany.allowed()).isFalse();
    assertThat(theRest.allowed()).as("the refused 3 spent nothing").isTrue();
    assertThat(theRest.remaining()).isZero();
  }

  @Test
  void allowsExactlyTheLimitUnderConcurrencyFromEightThreads() throws Exception {
    RateRule rule = new RateRule("contract-concurrent", 50, WINDOW);
    AtomicInteger allowed = new AtomicInteger();

    Concurrently.run(8, thread -> {
      for (int i = 0; i < 100; i++) {
        if (port.tryConsume(rule, "shared-key", 1).allowed()) {
          allowed.incrementAndGet();
        }
      }
    });

    assertThat(allowed).hasValue(50);
  }

  @Test
  void stillRefusesLaterInsideTheWindow() {
    spendTheLimit(RULE, "k");

    clock.advance(WINDOW.dividedBy(2));

    assertThat(consume("k").allowed()).isFalse();
  }

  @Test
  void theWindowSlidesInsteadOfRestartingAtAFixedBoundary() {
    clock.advance(WINDOW.multipliedBy(9).dividedBy(10));
    spendTheLimit(RULE, "k");

    clock.advance(WINDOW.dividedBy(5)); // past the fixed boundary, yet all 5 units are 12 s old

    assertThat(consume("k").allowed()).isFalse();
  }

  @Test
  void everythingIsFreeAgainOnceTheWindowHasSlidPastTheLastUnit() {
    spendTheLimit(RULE, "k");

    clock.advance(WINDOW.multipliedBy(2));

    RateDecision d = port.tryConsume(RULE, "k", 5);
    assertThat(d.allowed()).isTrue();
    assertThat(d.remaining()).isZero();
  }

  @Test
  void aRefusedRequestSucceedsOnceItsRetryAfterHasPassed() {
    clock.advance(Duration.ofSeconds(42));
    spendTheLimit(RULE, "k");
    clock.advance(Duration.ofSeconds(10));

    RateDecision refused = consume("k");
    clock.advance(refused.retryAfter());
    RateDecision retried = consume("k");

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(WINDOW.multipliedBy(2));
    assertThat(refused.retryAfter()).isLessThanOrEqualTo(refused.resetAfter());
    assertThat(retried.allowed()).isTrue();
  }

  @Test
  void theWholeLimitIsAvailableOnceResetAfterHasPassed() {
    clock.advance(Duration.ofSeconds(7));
    port.tryConsume(RULE, "k", 3);
    RateDecision last = consume("k");

    clock.advance(last.resetAfter());

    assertThat(last.resetAfter()).isPositive().isLessThanOrEqualTo(WINDOW.multipliedBy(2));
    assertThat(port.tryConsume(RULE, "k", 5).allowed()).isTrue();
  }

  @Test
  void resetForgetsTheCountOfThatKeyAndRuleOnly() {
    RateRule other = new RateRule("contract-other", 5, WINDOW);
    spendTheLimit(RULE, "k");
    spendTheLimit(RULE, "neighbour");
    spendTheLimit(other, "k");

    port.reset(RULE, "k");

    RateDecision afterReset = consume("k");
    assertThat(afterReset.allowed()).isTrue();
    assertThat(afterReset.remaining()).isEqualTo(4);
    assertThat(consume("neighbour").allowed()).isFalse();
    assertThat(port.tryConsume(other, "k", 1).allowed()).isFalse();
  }

  @Test
  void resettingAnUnknownKeyIsHarmless() {
    port.reset(RULE, "never-seen");

    assertThat(consume("never-seen").remaining()).isEqualTo(4);
  }

  @Test
  void twoRulesNeverShareACounterForTheSameKey() {
    RateRule failures = new RateRule("contract-failures", 5, WINDOW);
    spendTheLimit(RULE, "203.0.113.5");

    RateDecision other = port.tryConsume(failures, "203.0.113.5", 1);

    assertThat(other.allowed()).isTrue();
    assertThat(other.remaining()).isEqualTo(4);
  }

  @Test
  void twoKeysNeverShareACounter() {
    spendTheLimit(RULE, "203.0.113.5");

    assertThat(consume("203.0.113.6").remaining()).isEqualTo(4);
  }
}
