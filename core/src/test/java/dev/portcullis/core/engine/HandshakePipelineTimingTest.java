package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.memory.InMemoryConnectionRegistry;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.LeaseScope;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Delays are scheduled on the real timer, never slept: these tests measure real time and wait for the
 * outcome with a timeout.
 */
class HandshakePipelineTimingTest extends PipelineFixture {

  private static final Duration DELAY = Duration.ofMillis(200);

  @Test
  void aDelayPostponesTheNextPolicyAndTheOutcomeByAtLeastTheDelay() throws Exception {
    TestPolicy throttle = TestPolicy.of("throttle", PolicyKind.LIMIT, 100, c -> Verdict.delay(DELAY));
    TestPolicy next = TestPolicy.allowing("next", 200);
    HandshakePipeline pipeline = pipeline(throttle, next);

    long start = System.nanoTime();
    CompletableFuture<HandshakeOutcome> outcome = pipeline.evaluate(from("203.0.113.5"));
    HandshakeOutcome result = await(outcome);
    long elapsed = System.nanoTime() - start;

    assertThat(result).isInstanceOf(HandshakeOutcome.Admitted.class);
    assertThat(next.firstRunNanos() - start).isGreaterThanOrEqualTo(DELAY.toNanos());
    assertThat(elapsed).isGreaterThanOrEqualTo(DELAY.toNanos());
  }

  @Test
  void aDelayedHandshakeCanStillBeRefusedByTheNextPolicy() throws Exception {
    TestPolicy throttle = TestPolicy.of("throttle", PolicyKind.LIMIT, 100, c -> Verdict.delay(DELAY));
    TestPolicy refusing = TestPolicy.refusing("rate", 200, "rate_limited", 429);

    HandshakeOutcome result = await(pipeline(throttle, refusing).evaluate(from("203.0.113.5")));

    assertThat(result).isEqualTo(new HandshakeOutcome.Refused(Verdict.refuse("rate_limited", 429)));
  }

  @Test
  void aZeroDelayGoesStraightOn() {
    TestPolicy zero = TestPolicy.of("throttle", PolicyKind.LIMIT, 100, c -> Verdict.delay(Duration.ZERO));

    CompletableFuture<HandshakeOutcome> outcome = pipeline(zero, TestPolicy.allowing("next", 200))
        .evaluate(from("203.0.113.5"));

    assertThat(outcome).isCompletedWithValueMatching(o -> o instanceof HandshakeOutcome.Admitted);
  }

  @Test
  void aRefusalWithAnswerAfterCompletesNoEarlierThanThatAndReleasesLeasesAtOnce() throws Exception {
    InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry();
    TestPolicy leasing = TestPolicy.of("concurrency", PolicyKind.LIMIT, 100, context -> {
      context.hold(registry.tryLease(LeaseScope.ADDRESS, "203.0.113.5", 10).orElseThrow());
      return Verdict.allow();
    });
    Verdict.Refuse slowAnswer = Verdict.refuse("rate_limited", 429).answeredAfter(DELAY);
    TestPolicy refusing = TestPolicy.of("rate", PolicyKind.LIMIT, 200, c -> slowAnswer);

    long start = System.nanoTime();
    CompletableFuture<HandshakeOutcome> outcome = pipeline(leasing, refusing).evaluate(from("203.0.113.5"));
    long leasedRightAway = registry.leased(LeaseScope.ADDRESS, "203.0.113.5");
    HandshakeOutcome result = await(outcome);
    long elapsed = System.nanoTime() - start;

    assertThat(leasedRightAway).isZero();
    assertThat(result).isEqualTo(new HandshakeOutcome.Refused(slowAnswer));
    assertThat(elapsed).isGreaterThanOrEqualTo(DELAY.toNanos());
  }
}
