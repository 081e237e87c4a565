package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.event.AuthenticationFailed;
import dev.portcullis.core.event.HandshakeRefused;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.RateRule;
import dev.portcullis.core.port.Reservation;
import dev.portcullis.core.port.Reserved;
import dev.portcullis.core.testing.Addresses;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Policies that need shared state hand the pipeline reservations; the pipeline commits a handshake's
 * reservations in one batch and still answers exactly as running the policies one by one would.
 */
class HandshakePipelineReservationTest extends PipelineFixture {

  private static final RateRule ATTEMPTS = new RateRule("attempts", 2, Duration.ofSeconds(60));
  private static final RateRule KNOCKS = new RateRule("attempts-refused", 16, Duration.ofSeconds(60));
  private static final Verdict.Refuse RATE_LIMITED = Verdict.refuse("rate_limited", 429);
  private static final Verdict.Refuse UNAUTHORIZED = Verdict.refuse("unauthorized", 401);

  private final AtomicInteger failedAuthCounted = new AtomicInteger();

  private TestPolicy slot(String id, int order, LeaseScope scope, int limit, String code) {
    return TestPolicy.of(id, PolicyKind.LIMIT, order, context -> Verdict.reserve(
        Reservation.slot(scope, context.request().client().key(), limit),
        got -> got.granted() ? Verdict.allow() : Verdict.refuse(code, 429)));
  }

  private TestPolicy attempts(int order) {
    return TestPolicy.of("connection-rate", PolicyKind.LIMIT, order, context -> Verdict.reserve(
        Reservation.attempt(ATTEMPTS, context.request().client().key(), 1).countingRefusals(KNOCKS),
        got -> got.granted() ? Verdict.allow()
            : RATE_LIMITED.withHeader("X-Refusals", Long.toString(((Reserved.Counted) got).refusals()))));
  }

  /** Refuses every token, counting the failure only when its refusal is reached. */
  private TestPolicy refusingTokens(int order) {
    return TestPolicy.of("authentication", PolicyKind.GUARD, order, context -> Verdict.deferred(() -> {
      failedAuthCounted.incrementAndGet();
      sink.accept(new AuthenticationFailed(clock.instant(), context.request().client().key(),
          AuthFailure.BAD_SIGNATURE.code(), "header"));
      return UNAUTHORIZED;
    }));
  }

  private TestPolicy naming(String subject, int order) {
    return TestPolicy.of("auth", PolicyKind.GUARD, order, context -> {
      context.authenticated(Principal.untokened(subject));
      return Verdict.allow();
    });
  }

  @Test
  void anAdmittedHandshakeCommitsEveryReservationInOneBatchAndHoldsItsSlots() throws Exception {
    HandshakeOutcome outcome = await(pipeline(slot("capacity", 300, LeaseScope.TOTAL, 10, "capacity"), attempts(400),
        slot("address-concurrency", 450, LeaseScope.ADDRESS, 10, "rate_limited"), naming("alice", 500),
        slot("user-limit", 600, LeaseScope.SUBJECT, 10, "too_many_connections")).evaluate(from("203.0.113.5")));

    assertThat(outcome).isInstanceOfSatisfying(HandshakeOutcome.Admitted.class,
        admitted -> assertThat(admitted.context().leases()).hasSize(3));
    assertThat(reservations.batches()).singleElement().satisfies(batch -> assertThat(batch).hasSize(4));
    assertThat(registry.leased(LeaseScope.ADDRESS, "203.0.113.5")).isEqualTo(1);
    assertThat(registry.leased(LeaseScope.TOTAL, "")).isEqualTo(1);
  }

  @Test
  void anInvalidTokenFromARateLimitedAddressIsAnswered429AndNotCountedAsAFailedAuthentication() throws Exception {
    HandshakePipeline pipeline = pipeline(slot("capacity", 300, LeaseScope.TOTAL, 10, "capacity"), attempts(400),
        refusingTokens(500));
    await(pipeline.evaluate(from("203.0.113.5")));
    await(pipeline.evaluate(from("203.0.113.5")));
    assertThat(failedAuthCounted).hasValue(2);

    HandshakeOutcome third = await(pipeline.evaluate(from("203.0.113.5")));

    assertThat(third).isInstanceOfSatisfying(HandshakeOutcome.Refused.class, refused -> {
      assertThat(refused.refusal().code()).isEqualTo("rate_limited");
      assertThat(refused.refusal().headers()).containsEntry("X-Refusals", "1");
    });
    assertThat(failedAuthCounted).hasValue(2);
    assertThat(sink.eventsOf(HandshakeRefused.class)).extracting(HandshakeRefused::reason)
        .containsExactly("unauthorized", "unauthorized", "rate_limited");
    assertThat(registry.leased(LeaseScope.TOTAL, "")).isZero();
    assertThat(reservations.batches()).hasSize(3);
  }

  @Test
  void aLocalRefusalStillCommitsTheReservationsBeforeItAndReleasesTheirSlots() throws Exception {
    HandshakeOutcome outcome = await(pipeline(slot("capacity", 300, LeaseScope.TOTAL, 10, "capacity"), attempts(400),
        refusingTokens(500), slot("user-limit", 600, LeaseScope.SUBJECT, 10, "too_many_connections"))
        .evaluate(from("203.0.113.5")));

    assertThat(outcome).isEqualTo(new HandshakeOutcome.Refused(UNAUTHORIZED));
    assertThat(reservations.batches()).singleElement().satisfies(batch -> assertThat(batch).hasSize(2)); // not the subject's
    assertThat(failedAuthCounted).hasValue(1);
    assertThat(registry.leased(LeaseScope.TOTAL, "")).isZero();
    assertThat(counters.tryConsume(ATTEMPTS, "203.0.113.5", 1).remaining()).isZero(); // the attempt counted
  }

  @Test
  void aRefusedReservationEndsTheBatchAndReleasesTheSlotsTakenBeforeIt() throws Exception {
    TestPolicy capacity = slot("capacity", 300, LeaseScope.TOTAL, 10, "capacity");
    TestPolicy perAddress = slot("address-concurrency", 450, LeaseScope.ADDRESS, 1, "rate_limited");
    TestPolicy perUser = slot("user-limit", 600, LeaseScope.SUBJECT, 10, "too_many_connections");
    HandshakePipeline pipeline = pipeline(capacity, perAddress, naming("alice", 500), perUser);
    HandshakeOutcome first = await(pipeline.evaluate(from("203.0.113.5")));

    HandshakeOutcome second = await(pipeline.evaluate(from("203.0.113.5")));

    assertThat(first).isInstanceOf(HandshakeOutcome.Admitted.class);
    assertThat(second).isEqualTo(new HandshakeOutcome.Refused(Verdict.refuse("rate_limited", 429)));
    assertThat(registry.leased(LeaseScope.TOTAL, "")).isEqualTo(1);
    assertThat(registry.leased(LeaseScope.SUBJECT, "203.0.113.5")).isEqualTo(1); // the first connection's only
    assertThat(reservations.batches()).hasSize(2);
  }

  @Test
  void aReportOnlyReservationIsRefusedWithoutEndingTheBatch() throws Exception {
    HandshakePipeline pipeline = new HandshakePipeline(
        List.of(slot("address-concurrency", 450, LeaseScope.ADDRESS, 1, "rate_limited"),
            slot("capacity", 500, LeaseScope.TOTAL, 10, "capacity")),
        Blocking.dryRun("address-concurrency"), reservations, new SecurityEvents(List.of(sink)), clock,
        timer, Runnable::run);
    await(pipeline.evaluate(from("203.0.113.5")));

    HandshakeOutcome second = await(pipeline.evaluate(from("203.0.113.5")));

    assertThat(second).isInstanceOfSatisfying(HandshakeOutcome.Admitted.class,
        admitted -> assertThat(admitted.context().leases()).hasSize(1));
    assertThat(registry.leased(LeaseScope.TOTAL, "")).isEqualTo(2);
    assertThat(sink.eventsOf(HandshakeRefused.class)).singleElement()
        .satisfies(e -> assertThat(e.dryRun()).isTrue());
  }

  @Test
  void anAllowlistedAddressReservesNothingForLimits() throws Exception {
    HandshakePipeline pipeline = pipeline(Blocking.allowlist("203.0.113.0/24"),
        slot("capacity", 300, LeaseScope.TOTAL, 10, "capacity"), attempts(400));

    HandshakeOutcome outcome = await(pipeline.evaluate(from("203.0.113.5")));

    assertThat(outcome).isInstanceOf(HandshakeOutcome.Admitted.class);
    assertThat(reservations.batches()).isEmpty();
  }

  @Test
  void aJudgeThatFailsRefuses503AndReleasesTheSlots() throws Exception {
    TestPolicy broken = TestPolicy.of("broken", PolicyKind.LIMIT, 500, context -> Verdict.reserve(
        Reservation.slot(LeaseScope.SUBJECT, "x", 10), got -> {
          throw new IllegalStateException("a bug");
        }));

    HandshakeOutcome outcome = await(pipeline(slot("capacity", 300, LeaseScope.TOTAL, 10, "capacity"), broken)
        .evaluate(from("203.0.113.5")));

    assertThat(outcome).isEqualTo(new HandshakeOutcome.Refused(HandshakePipeline.UNAVAILABLE));
    assertThat(registry.leased(LeaseScope.TOTAL, "")).isZero();
    assertThat(registry.leased(LeaseScope.SUBJECT, "x")).isZero();
  }

  @Test
  void aDelayCommitsTheReservationsBeforeItThenGoesOn() throws Exception {
    TestPolicy slow = TestPolicy.of("slow", PolicyKind.GUARD, 350, c -> Verdict.delay(Duration.ofMillis(20)));

    HandshakeOutcome outcome = await(pipeline(slot("capacity", 300, LeaseScope.TOTAL, 10, "capacity"), slow,
        attempts(400)).evaluate(from("203.0.113.5")));

    assertThat(outcome).isInstanceOfSatisfying(HandshakeOutcome.Admitted.class,
        admitted -> assertThat(admitted.context().leases()).hasSize(1));
    assertThat(reservations.batches()).hasSize(2);
  }

  @Test
  void anotherAddressIsNotAffected() throws Exception {
    HandshakePipeline pipeline = pipeline(attempts(400));
    for (int i = 0; i < 3; i++) {
      await(pipeline.evaluate(from("203.0.113.5")));
    }

    assertThat(await(pipeline.evaluate(Addresses.handshakeFrom("203.0.113.6", clock.instant()))))
        .isInstanceOf(HandshakeOutcome.Admitted.class);
  }
}
