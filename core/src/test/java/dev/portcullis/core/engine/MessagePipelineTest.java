package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.BlockingConfig;
import dev.portcullis.core.event.MessageRefused;
import dev.portcullis.core.port.TrafficMeter;
import dev.portcullis.core.event.SuspiciousActivity;
import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.testing.Addresses;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.core.testing.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class MessagePipelineTest {

  private final MutableClock clock = MutableClock.aligned();
  private final RecordingSink sink = new RecordingSink();
  private final SecurityEvents events = new SecurityEvents(List.of(sink));
  private final InMemoryBlockList blocks = new InMemoryBlockList(clock);
  private final AtomicLong nanos = new AtomicLong();
  private final List<String> ran = new ArrayList<>();

  /** Refuses messages matching {@code refuses} with {@code code}; counts messages in its per-connection state. */
  private final class Rule implements MessagePolicy<int[]> {
    final String id;
    final int order;
    final PolicyKind kind;
    final Predicate<String> refuses;
    final String code;

    Rule(String id, int order, PolicyKind kind, Predicate<String> refuses, String code) {
      this.id = id;
      this.order = order;
      this.kind = kind;
      this.refuses = refuses;
      this.code = code;
    }

    @Override public PolicyId id() { return PolicyId.of(id); }
    @Override public PolicyKind kind() { return kind; }
    @Override public int order() { return order; }
    @Override public int[] open(MessageContext connection) { return new int[1]; }

    @Override
    public Verdict evaluate(MessageContext context, int[] seen) {
      seen[0]++;
      ran.add(id + "#" + seen[0]);
      return refuses.test(context.text()) ? Verdict.refuseMessage(code) : Verdict.allow();
    }
  }

  private MessagePipeline pipeline(BlockingConfig blocking, MessagePolicy<?>... policies) {
    InMemoryRateLimiter counters = new InMemoryRateLimiter(clock);
    AddressBlocker blocker = new AddressBlocker(blocks, counters, blocking, events, clock, () -> 0);
    ViolationScorer scorer = new ViolationScorer(blocker, events, blocking, clock);
    List<PolicyId> ids = new ArrayList<>();
    for (MessagePolicy<?> p : policies) {
      ids.add(p.id());
    }
    return new MessagePipeline(List.of(policies), blocking.allowlist(), new DryRun(blocking.dryRun(), ids), scorer,
        events, TrafficMeter.NONE, clock, nanos::get, 2, 2);
  }

  private MessagePipeline pipeline(MessagePolicy<?>... policies) {
    return pipeline(Blocking.defaults(), policies);
  }

  @Test
  void runsPoliciesInOrderWithStatePerConnection() {
    MessagePipeline pipeline = pipeline(new Rule("second", 200, PolicyKind.GUARD, t -> false, "x"),
        new Rule("first", 100, PolicyKind.LIMIT, t -> false, "x"));
    MessageSession one = pipeline.open("c1", Addresses.client("203.0.113.5"), null);
    MessageSession two = pipeline.open("c2", Addresses.client("203.0.113.5"), null);

    assertThat(pipeline.judge(one, "m", 1)).isEqualTo(MessageOutcome.DELIVER);
    assertThat(pipeline.judge(one, "m", 1)).isEqualTo(MessageOutcome.DELIVER);
    assertThat(pipeline.judge(two, "m", 1)).isEqualTo(MessageOutcome.DELIVER);

    assertThat(ran).containsExactly("first#1", "second#1", "first#2", "second#2", "first#1", "second#1");
  }

  @Test
  void theFirstRefusalWinsIsPublishedAndAnswered() {
    MessagePipeline pipeline = pipeline(new Rule("shape", 100, PolicyKind.GUARD, "bad"::equals, "invalid_format"),
        new Rule("later", 200, PolicyKind.GUARD, t -> true, "never"));
    MessageSession session = pipeline.open("c1", Addresses.client("203.0.113.5"), null);

    assertThat(pipeline.judge(session, "bad", 3)).isEqualTo(MessageOutcome.ANSWER);

    assertThat(session.refusal()).isEqualTo("invalid_format");
    assertThat(ran).containsExactly("shape#1");
    assertThat(sink.eventsOf(MessageRefused.class)).singleElement().satisfies(e -> {
      assertThat(e.reason()).isEqualTo("invalid_format");
      assertThat(e.policy()).isEqualTo("shape");
      assertThat(e.connection()).isEqualTo("c1");
      assertThat(e.address()).isEqualTo("203.0.113.5");
      assertThat(e.dryRun()).isFalse();
    });
  }

  @Test
  void errorFramesAreBoundedByTheConnectionsRateAndThenSilent() {
    MessagePipeline pipeline = pipeline(new Rule("rate", 100, PolicyKind.LIMIT, t -> true, "rate_limited"));
    MessageSession session = pipeline.open("c1", Addresses.client("203.0.113.5"), null);

    assertThat(pipeline.judge(session, "m", 1)).isEqualTo(MessageOutcome.ANSWER);
    assertThat(pipeline.judge(session, "m", 1)).isEqualTo(MessageOutcome.ANSWER);
    assertThat(pipeline.judge(session, "m", 1)).isEqualTo(MessageOutcome.SILENT);
    nanos.addAndGet(500_000_000L); // half a second at 2 per second: one more frame
    assertThat(pipeline.judge(session, "m", 1)).isEqualTo(MessageOutcome.ANSWER);
    assertThat(sink.eventsOf(MessageRefused.class)).hasSize(4);
  }

  @Test
  void crossingTheThresholdBlocksTheAddressAndClosesTheSocket() {
    MessagePipeline pipeline = pipeline(new Rule("shape", 100, PolicyKind.GUARD, t -> true, "invalid_format"));
    MessageSession session = pipeline.open("c1", Addresses.client("203.0.113.5"), null);

    List<MessageOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      outcomes.add(pipeline.judge(session, "m", 1));
    }

    // 50 points at 5 per invalid_format: the tenth message reaches the threshold.
    assertThat(outcomes.subList(0, 9)).doesNotContain(MessageOutcome.CLOSE);
    assertThat(outcomes.get(9)).isEqualTo(MessageOutcome.CLOSE);
    assertThat(blocks.find("203.0.113.5")).hasValueSatisfying(b -> assertThat(b.reason()).isEqualTo("too_many_violations"));
    assertThat(sink.eventsOf(SuspiciousActivity.class)).singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("invalid_format"));
  }

  @Test
  void dryRunReportsButDelivers() {
    MessagePipeline pipeline = pipeline(Blocking.dryRun("shape"),
        new Rule("shape", 100, PolicyKind.GUARD, t -> true, "invalid_format"));
    MessageSession session = pipeline.open("c1", Addresses.client("203.0.113.5"), null);

    assertThat(pipeline.judge(session, "m", 1)).isEqualTo(MessageOutcome.DELIVER);
    assertThat(sink.eventsOf(MessageRefused.class)).singleElement().satisfies(e -> assertThat(e.dryRun()).isTrue());
  }

  @Test
  void allowlistedAddressesSkipLimitsAreNeverScoredButStillFaceGuards() {
    BlockingConfig blocking = Blocking.allowlist("10.0.0.0/8");
    MessagePipeline pipeline = pipeline(blocking, new Rule("rate", 100, PolicyKind.LIMIT, t -> true, "rate_limited"),
        new Rule("shape", 200, PolicyKind.GUARD, "bad"::equals, "invalid_format"));
    MessageSession trusted = pipeline.open("c1", Addresses.client("10.1.2.3"), null);

    assertThat(pipeline.judge(trusted, "ok", 2)).isEqualTo(MessageOutcome.DELIVER);
    for (int i = 0; i < 20; i++) {
      assertThat(pipeline.judge(trusted, "bad", 3)).isNotEqualTo(MessageOutcome.CLOSE);
    }
    assertThat(blocks.find("10.1.2.3")).isEmpty();
  }

  @Test
  void aThrowingPolicyDropsTheMessageWithoutScoringTheClient() {
    MessagePolicy<Void> broken = new MessagePolicy<>() {
      @Override public PolicyId id() { return PolicyId.of("broken"); }
      @Override public PolicyKind kind() { return PolicyKind.GUARD; }
      @Override public int order() { return 100; }
      @Override public Verdict evaluate(MessageContext context, Void state) { throw new IllegalStateException("bug"); }
    };
    MessagePipeline pipeline = pipeline(broken);
    MessageSession session = pipeline.open("c1", Addresses.client("203.0.113.5"), null);

    for (int i = 0; i < 20; i++) {
      assertThat(pipeline.judge(session, "m", 1)).isIn(MessageOutcome.ANSWER, MessageOutcome.SILENT);
    }
    assertThat(session.refusal()).isEqualTo("unavailable");
    assertThat(blocks.find("203.0.113.5")).isEmpty();
  }

  @Test
  void theTransportCanRefuseWhatNoPolicySees() {
    MessagePipeline pipeline = pipeline();
    MessageSession session = pipeline.open("c1", Addresses.client("203.0.113.5"), null);

    assertThat(pipeline.refuse(session, "binary_not_allowed", "transport")).isEqualTo(MessageOutcome.ANSWER);
    assertThat(sink.eventsOf(MessageRefused.class)).singleElement()
        .satisfies(e -> assertThat(e.policy()).isEqualTo("transport"));
    assertThat(session.refusal()).isEqualTo("binary_not_allowed");
  }
}
