package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.portcullis.core.event.HandshakeRefused;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.Reservation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * What the pipeline does at the seams of its batches: the hand-over from the timer back to a worker after
 * a delay, and what a refusal reports about the client.
 */
class HandshakePipelineHandOverTest extends PipelineFixture {

  private TestPolicy capacity(int limit) {
    return TestPolicy.of("capacity", PolicyKind.LIMIT, 300, context -> Verdict.reserve(
        Reservation.slot(LeaseScope.TOTAL, "", limit), got -> got.granted() ? Verdict.allow()
            : Verdict.refuse("capacity", 503)));
  }

  private final TestPolicy slow = TestPolicy.of("slow", PolicyKind.GUARD, 350, c -> Verdict.delay(Duration.ofMillis(10)));

  private HandshakePipeline onWorker(Executor worker, TestPolicy... policies) {
    return new HandshakePipeline(List.of(policies), Blocking.defaults(), reservations,
        new SecurityEvents(List.of(sink)), clock, timer, worker);
  }

  @Test
  void aWorkerThatRefusesTheHandOverAfterADelayIsAnswered503AndTheSlotsTakenBeforeItAreFreed() throws Exception {
    Executor stopping = task -> {
      throw new RejectedExecutionException("the workers are shutting down");
    };

    HandshakeOutcome outcome = await(onWorker(stopping, capacity(10), slow).evaluate(from("203.0.113.5")));

    assertThat(outcome).isEqualTo(new HandshakeOutcome.Refused(HandshakePipeline.UNAVAILABLE));
    assertThat(registry.leased(LeaseScope.TOTAL, "")).isZero();
  }

  @Test
  void aTimerThatNoLongerTakesTasksIsAnswered503AndTheSlotsTakenBeforeTheDelayAreFreed() throws Exception {
    timer.shutdown(); // the node is stopping

    HandshakeOutcome outcome = await(onWorker(Runnable::run, capacity(10), slow).evaluate(from("203.0.113.5")));

    assertThat(outcome).isEqualTo(new HandshakeOutcome.Refused(HandshakePipeline.UNAVAILABLE));
    assertThat(registry.leased(LeaseScope.TOTAL, "")).isZero();
  }

  @Test
  void aRefusalBeforeAuthenticationIsReportedWithoutTheSubjectALaterPolicyLearnt() throws Exception {
    TestPolicy naming = TestPolicy.of("authentication", PolicyKind.GUARD, 500, context -> {
      context.authenticated(Principal.untokened("alice"));
      return Verdict.allow();
    });
    TestPolicy perUser = TestPolicy.of("user-limit", PolicyKind.LIMIT, 600, context -> Verdict.refuse(
        "too_many_connections", 429));

    HandshakeOutcome atCapacity = await(pipeline(capacity(0), naming).evaluate(from("203.0.113.5")));
    HandshakeOutcome overUserLimit = await(pipeline(capacity(10), naming, perUser).evaluate(from("203.0.113.5")));

    assertThat(atCapacity).isInstanceOf(HandshakeOutcome.Refused.class);
    assertThat(overUserLimit).isInstanceOf(HandshakeOutcome.Refused.class);
    assertThat(sink.eventsOf(HandshakeRefused.class)).extracting(HandshakeRefused::reason, HandshakeRefused::subject)
        .containsExactly(tuple("capacity", null),
            tuple("too_many_connections", "alice"));
  }
}
