package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.event.HandshakeRefused;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.LeaseScope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The order policies run in, what stops them, and what a refusal leaves behind. */
class HandshakePipelineTest extends PipelineFixture {


  private TestPolicy leasing(String id, int order) {
    return TestPolicy.of(id, PolicyKind.LIMIT, order, context -> {
      context.hold(registry.tryLease(LeaseScope.ADDRESS, context.request().client().key(), 10).orElseThrow());
      return Verdict.allow();
    });
  }

  @Test
  void runsPoliciesByOrderAndThenById() throws Exception {
    List<String> journal = new CopyOnWriteArrayList<>();
    HandshakePipeline pipeline = pipeline(
        TestPolicy.allowing("third", 300).journaledIn(journal),
        TestPolicy.allowing("zeta", 200).journaledIn(journal),
        TestPolicy.allowing("first", 100).journaledIn(journal),
        TestPolicy.allowing("alpha", 200).journaledIn(journal));

    HandshakeOutcome outcome = await(pipeline.evaluate(from("203.0.113.5")));

    assertThat(outcome).isInstanceOf(HandshakeOutcome.Admitted.class);
    assertThat(journal).containsExactly("first", "alpha", "zeta", "third");
    assertThat(pipeline.policies()).extracting(p -> p.id().value()).containsExactly("first", "alpha", "zeta", "third");
  }

  @Test
  void theFirstRefusalAnswersAndLaterPoliciesDoNotRun() throws Exception {
    TestPolicy early = TestPolicy.allowing("early", 100);
    TestPolicy refusing = TestPolicy.refusing("origin", 200, "origin_not_allowed", 403);
    TestPolicy laterRefusing = TestPolicy.refusing("capacity", 300, "capacity", 503);
    TestPolicy later = TestPolicy.allowing("later", 400);

    HandshakeOutcome outcome = await(pipeline(later, laterRefusing, refusing, early).evaluate(from("203.0.113.5")));

    assertThat(outcome).isEqualTo(new HandshakeOutcome.Refused(Verdict.refuse("origin_not_allowed", 403)));
    assertThat(early.runs()).isEqualTo(1);
    assertThat(laterRefusing.runs()).isZero();
    assertThat(later.runs()).isZero();
  }

  @Test
  void aRefusalIsPublishedWithTheRefusingPolicyTheAddressAndTheSubject() throws Exception {
    TestPolicy auth = TestPolicy.of("auth", PolicyKind.GUARD, 100, context -> {
      context.authenticated(Principal.untokened("user-7"));
      return Verdict.allow();
    });
    TestPolicy perUser = TestPolicy.refusing("per-user", 200, "too_many_connections", 429);

    await(pipeline(auth, perUser).evaluate(from("2001:db8:1:2::5")));

    assertThat(sink.events()).containsExactly(new HandshakeRefused(clock.instant(), "2001:db8:1:2:0:0:0:0/64",
        "too_many_connections", "per-user", "user-7", false));
  }

  @Test
  void anAdmissionCarriesThePrincipalAndTheLeasesTheConnectionNowOwns() throws Exception {
    TestPolicy auth = TestPolicy.of("auth", PolicyKind.GUARD, 200, context -> {
      context.authenticated(Principal.untokened("user-7"));
      return Verdict.allow();
    });

    HandshakeOutcome outcome = await(pipeline(leasing("concurrency", 100), auth).evaluate(from("203.0.113.5")));

    assertThat(outcome).isInstanceOfSatisfying(HandshakeOutcome.Admitted.class, admitted -> {
      assertThat(admitted.context().principal()).contains(Principal.untokened("user-7"));
      assertThat(admitted.context().leases()).hasSize(1);
    });
    assertThat(registry.leased(LeaseScope.ADDRESS, "203.0.113.5")).isEqualTo(1);
    assertThat(sink.events()).isEmpty();
  }

  @Test
  void leasesHeldByEarlierPoliciesAreReleasedWhenALaterPolicyRefuses() throws Exception {
    HandshakePipeline pipeline = pipeline(leasing("concurrency", 100), leasing("per-user", 200),
        TestPolicy.refusing("auth", 300, "unauthorized", 401));

    await(pipeline.evaluate(from("203.0.113.5")));

    assertThat(registry.leased(LeaseScope.ADDRESS, "203.0.113.5")).isZero();
  }

  @Test
  void aThrowingPolicyRefusesWith503UnavailableInsteadOfFailing() throws Exception {
    TestPolicy broken = TestPolicy.of("broken", PolicyKind.GUARD, 200, c -> {
      throw new IllegalStateException("JWKS endpoint unreachable");
    });
    TestPolicy later = TestPolicy.allowing("later", 300);

    HandshakeOutcome outcome = await(pipeline(leasing("concurrency", 100), broken, later).evaluate(from("203.0.113.5")));

    assertThat(outcome).isEqualTo(new HandshakeOutcome.Refused(Verdict.refuse("unavailable", 503)));
    assertThat(later.runs()).isZero();
    assertThat(registry.leased(LeaseScope.ADDRESS, "203.0.113.5")).isZero();
    assertThat(sink.eventsOf(HandshakeRefused.class)).extracting(HandshakeRefused::reason, HandshakeRefused::policy)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("unavailable", "broken"));
  }

  @Test
  void aRefusalKeepsItsHeadersAndStatus() throws Exception {
    Verdict.Refuse limited = Verdict.refuse("rate_limited", 429).retryAfter(java.time.Duration.ofMillis(1500))
        .withHeader("RateLimit-Limit", "10");

    HandshakeOutcome outcome = await(pipeline(TestPolicy.of("rate", PolicyKind.LIMIT, 100, c -> limited))
        .evaluate(from("203.0.113.5")));

    assertThat(outcome).isInstanceOfSatisfying(HandshakeOutcome.Refused.class, refused -> {
      assertThat(refused.refusal().status()).isEqualTo(429);
      assertThat(refused.refusal().headers()).containsEntry("Retry-After", "2").containsEntry("RateLimit-Limit", "10");
    });
  }

  @Test
  void withoutPoliciesEveryHandshakeIsAdmitted() throws Exception {
    assertThat(await(pipeline().evaluate(from("203.0.113.5")))).isInstanceOf(HandshakeOutcome.Admitted.class);
  }
}
