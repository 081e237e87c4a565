package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.core.config.ConfigViolation;
import dev.portcullis.core.config.ConfigurationException;
import dev.portcullis.core.event.HandshakeRefused;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code WS_DRY_RUN}: named policies (or {@code all}) only report what they would refuse. */
class HandshakePipelineDryRunTest extends PipelineFixture {

  @Test
  void aPolicyInDryRunAdmitsButReportsTheRefusalItWouldHaveMade() throws Exception {
    TestPolicy origin = TestPolicy.refusing("origin", 200, "origin_not_allowed", 403);
    TestPolicy later = TestPolicy.allowing("later", 300);

    HandshakeOutcome outcome = await(pipeline(Blocking.dryRun("origin"), origin, later).evaluate(from("203.0.113.5")));

    assertThat(outcome).isInstanceOf(HandshakeOutcome.Admitted.class);
    assertThat(later.runs()).isEqualTo(1);
    assertThat(sink.eventsOf(HandshakeRefused.class)).singleElement().satisfies(e -> {
      assertThat(e.dryRun()).isTrue();
      assertThat(e.policy()).isEqualTo("origin");
      assertThat(e.reason()).isEqualTo("origin_not_allowed");
      assertThat(e.kind()).isEqualTo("connection_would_be_refused");
    });
  }

  @Test
  void policiesNotNamedForDryRunStillRefuse() throws Exception {
    TestPolicy origin = TestPolicy.refusing("origin", 200, "origin_not_allowed", 403);
    TestPolicy capacity = TestPolicy.refusing("capacity", 300, "capacity", 503);

    HandshakeOutcome outcome = await(pipeline(Blocking.dryRun("origin"), origin, capacity).evaluate(from("203.0.113.5")));

    assertThat(outcome).isEqualTo(new HandshakeOutcome.Refused(Verdict.refuse("capacity", 503)));
    assertThat(sink.eventsOf(HandshakeRefused.class)).extracting(HandshakeRefused::policy, HandshakeRefused::dryRun)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("origin", true),
            org.assertj.core.groups.Tuple.tuple("capacity", false));
  }

  @Test
  void dryRunAllAdmitsEverythingAndReportsEveryRefusal() throws Exception {
    HandshakePipeline pipeline = pipeline(Blocking.dryRun("all"),
        TestPolicy.refusing("block-list", 100, "blocked", 403),
        TestPolicy.refusing("origin", 200, "origin_not_allowed", 403),
        TestPolicy.of("broken", PolicyKind.GUARD, 300, c -> {
          throw new IllegalStateException("boom");
        }));

    HandshakeOutcome outcome = await(pipeline.evaluate(from("203.0.113.5")));

    assertThat(outcome).isInstanceOf(HandshakeOutcome.Admitted.class);
    assertThat(sink.eventsOf(HandshakeRefused.class))
        .allSatisfy(e -> assertThat(e.dryRun()).isTrue())
        .extracting(HandshakeRefused::reason).containsExactly("blocked", "origin_not_allowed", "unavailable");
  }

  @Test
  void aPolicyInDryRunDoesNotDelay() {
    TestPolicy throttle = TestPolicy.of("throttle", PolicyKind.LIMIT, 100, c -> Verdict.delay(Duration.ofHours(1)));

    assertThat(pipeline(Blocking.dryRun("throttle"), throttle).evaluate(from("203.0.113.5")))
        .isCompletedWithValueMatching(o -> o instanceof HandshakeOutcome.Admitted);
  }

  @Test
  void namingAnUnknownPolicyFailsConstructionWithAConfigurationErrorOnWsDryRun() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> pipeline(Blocking.dryRun("orign"), TestPolicy.allowing("origin", 200), TestPolicy.allowing("capacity", 300)));

    assertThat(e).isNotNull();
    assertThat(e.violations()).extracting(ConfigViolation::variable).containsExactly("WS_DRY_RUN");
    assertThat(e.getMessage()).contains("WS_DRY_RUN=orign: 'orign' is not a policy; known: all, capacity, origin");
  }
}
