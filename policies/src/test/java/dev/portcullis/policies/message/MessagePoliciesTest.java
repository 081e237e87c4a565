package dev.portcullis.policies.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.MessageConfig;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.RateSpec;
import dev.portcullis.core.engine.AddressBlocker;
import dev.portcullis.core.engine.SecurityEvents;
import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.memory.InMemoryReplayGuard;
import dev.portcullis.core.message.EnvelopeReader;
import dev.portcullis.core.message.PayloadSchemas;
import dev.portcullis.core.message.TokenBucket;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.testing.Addresses;
import dev.portcullis.core.testing.MutableClock;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class MessagePoliciesTest {

  private final MutableClock clock = MutableClock.aligned();
  private final AtomicLong nanos = new AtomicLong();
  private final EnvelopeReader reader = new EnvelopeReader(1_048_576);

  private static MessageConfig config(UnaryOperator<PortcullisConfig.Builder> settings) {
    return settings.apply(PortcullisConfig.builder().jwtSecret("s".repeat(32))).build().messages();
  }

  private MessageContext parsed(String json) {
    MessageContext context = new MessageContext("c1", Addresses.client("203.0.113.5"), Principal.untokened("alice"));
    context.begin(json, json.length());
    assertThat(new EnvelopePolicy(reader).evaluate(context, null)).isEqualTo(Verdict.allow());
    return context;
  }

  private String message(String id, String type, long timestampMillis, String payload) {
    return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"timestamp\":" + timestampMillis
        + (payload == null ? "" : ",\"payload\":" + payload) + "}";
  }

  private String message(String type) {
    return message("m1", type, clock.millis(), null);
  }

  private static String code(Verdict verdict) {
    return verdict instanceof Verdict.Refuse r ? r.code() : "allowed";
  }

  @Test
  void messageRateAllowsTheBurstThenRefusesUntilRefilled() {
    MessageRatePolicy policy = new MessageRatePolicy(config(b -> b.maxMessagesPerSecond(2).messageBurst(3)), nanos::get);
    MessageContext context = parsed(message("track"));
    MessageRatePolicy.Buckets buckets = policy.open(context);

    assertThat(List.of(code(policy.evaluate(context, buckets)), code(policy.evaluate(context, buckets)),
        code(policy.evaluate(context, buckets)), code(policy.evaluate(context, buckets))))
        .containsExactly("allowed", "allowed", "allowed", "rate_limited");
    nanos.addAndGet(500_000_000L);
    assertThat(code(policy.evaluate(context, buckets))).isEqualTo("allowed");
  }

  @Test
  void theByteBudgetRefusesAConnectionThatSendsTooMuchData() {
    MessageRatePolicy policy = new MessageRatePolicy(config(b -> b.maxBytesPerSecond(100)), nanos::get);
    MessageContext context = new MessageContext("c1", Addresses.client("203.0.113.5"), null);
    MessageRatePolicy.Buckets buckets = policy.open(context);

    context.begin("x".repeat(80), 80);
    assertThat(code(policy.evaluate(context, buckets))).isEqualTo("allowed");
    context.begin("x".repeat(80), 80);
    assertThat(code(policy.evaluate(context, buckets))).isEqualTo("rate_limited");
  }

  @Test
  void theEnvelopePolicyRefusesMalformedAndIncompleteMessages() {
    EnvelopePolicy policy = new EnvelopePolicy(reader);
    MessageContext context = new MessageContext("c1", Addresses.client("203.0.113.5"), null);

    context.begin("{oops", 5);
    assertThat(code(policy.evaluate(context, null))).isEqualTo("invalid_format");
    context.begin("{\"type\":\"track\"}", 16);
    assertThat(code(policy.evaluate(context, null))).isEqualTo("missing_field");
    assertThat(context.envelope()).isNull();
  }

  @Test
  void aHoneypotTypeBlocksTheAddressAtOnceAndLooksLikeAnyUnknownType() {
    InMemoryBlockList blocks = new InMemoryBlockList(clock);
    AddressBlocker blocker = new AddressBlocker(blocks, new InMemoryRateLimiter(clock),
        PortcullisConfig.builder().jwtSecret("s".repeat(32)).build().blocking(), new SecurityEvents(List.of()), clock,
        () -> 0);
    HoneypotPolicy policy = new HoneypotPolicy(config(b -> b.honeypotTypes(Set.of("admin_debug"))), blocker);

    assertThat(code(policy.evaluate(parsed(message("track")), null))).isEqualTo("allowed");
    assertThat(blocks.find("203.0.113.5")).isEmpty();
    assertThat(code(policy.evaluate(parsed(message("admin_debug")), null))).isEqualTo("type_not_allowed");
    assertThat(blocks.find("203.0.113.5")).hasValueSatisfying(b -> assertThat(b.reason()).isEqualTo("honeypot"));
  }

  @Test
  void onlyAllowedTypesAndTheFrameworksOwnPass() {
    MessageTypePolicy policy = new MessageTypePolicy(config(b -> b.allowedMessageTypes(Set.of("chat"))));

    assertThat(code(policy.evaluate(parsed(message("chat")), null))).isEqualTo("allowed");
    assertThat(code(policy.evaluate(parsed(message("heartbeat")), null))).isEqualTo("allowed");
    assertThat(code(policy.evaluate(parsed("{\"type\":\"auth\",\"token\":\"t\"}"), null))).isEqualTo("allowed");
    assertThat(code(policy.evaluate(parsed(message("admin")), null))).isEqualTo("type_not_allowed");
  }

  @Test
  void aTypeWithItsOwnRateIsHeldToItWithoutSlowingOtherTypes() {
    TypeRatePolicy policy = new TypeRatePolicy(
        config(b -> b.messageRateOverrides(Map.of("ai_suggestion", new RateSpec(1, 2)))), nanos::get);
    MessageContext ai = parsed(message("ai_suggestion"));
    Map<String, TokenBucket> buckets = policy.open(ai);

    assertThat(code(policy.evaluate(ai, buckets))).isEqualTo("allowed");
    assertThat(code(policy.evaluate(ai, buckets))).isEqualTo("allowed");
    assertThat(code(policy.evaluate(ai, buckets))).isEqualTo("rate_limited");
    assertThat(code(policy.evaluate(parsed(message("track")), buckets))).isEqualTo("allowed");
  }

  @Test
  void timestampsOutsideTheWindowAreStaleEitherWay() {
    TimestampPolicy policy = new TimestampPolicy(config(b -> b.replayWindow(Duration.ofSeconds(300))), clock);
    long now = clock.millis();

    assertThat(code(policy.evaluate(parsed(message("a", "t", now - 299_000, null)), null))).isEqualTo("allowed");
    assertThat(code(policy.evaluate(parsed(message("a", "t", now + 299_000, null)), null))).isEqualTo("allowed");
    assertThat(code(policy.evaluate(parsed(message("a", "t", now - 301_000, null)), null))).isEqualTo("stale_timestamp");
    assertThat(code(policy.evaluate(parsed(message("a", "t", now + 301_000, null)), null))).isEqualTo("stale_timestamp");
    String seconds = "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":" + (now / 1000.0) + "}";
    assertThat(code(policy.evaluate(parsed(seconds), null))).isEqualTo("allowed");
  }

  @Test
  void anIdSeenForTheSameSubjectIsADuplicate() {
    ReplayPolicy policy = new ReplayPolicy(new InMemoryReplayGuard(clock), config(b -> b));

    assertThat(code(policy.evaluate(parsed(message("m1", "t", clock.millis(), null)), null))).isEqualTo("allowed");
    assertThat(code(policy.evaluate(parsed(message("m1", "t", clock.millis(), null)), null))).isEqualTo("duplicate_id");
    assertThat(code(policy.evaluate(parsed(message("m2", "t", clock.millis(), null)), null))).isEqualTo("allowed");

    MessageContext bob = new MessageContext("c2", Addresses.client("203.0.113.5"), Principal.untokened("bob"));
    String json = message("m1", "t", clock.millis(), null);
    bob.begin(json, json.length());
    new EnvelopePolicy(reader).evaluate(bob, null);
    assertThat(code(policy.evaluate(bob, null))).isEqualTo("allowed");
  }

  /** A payload class a team would register. */
  public record Track(@NotBlank String name, @Max(16) int channels) {}

  @Test
  void aRegisteredPayloadIsBoundValidatedAndHandedOnTyped() {
    PayloadSchemaPolicy policy = new PayloadSchemaPolicy(new PayloadSchemas(Map.of("track", Track.class)), reader);

    MessageContext good = parsed(message("m1", "track", clock.millis(), "{\"name\":\"drums\",\"channels\":2}"));
    assertThat(code(policy.evaluate(good, null))).isEqualTo("allowed");
    assertThat(good.payload()).isEqualTo(new Track("drums", 2));

    for (String bad : List.of("{\"name\":\"\",\"channels\":2}", "{\"name\":\"drums\",\"channels\":99}",
        "{\"name\":\"drums\",\"channels\":2,\"extra\":true}", "[1,2]", "\"drums\"")) {
      MessageContext refused = parsed(message("m1", "track", clock.millis(), bad));
      assertThat(code(policy.evaluate(refused, null))).as(bad).isEqualTo("payload_invalid");
      assertThat(refused.payload()).isNull();
    }
    assertThat(code(policy.evaluate(parsed(message("track")), null))).isEqualTo("payload_invalid");
    assertThat(code(policy.evaluate(parsed(message("m1", "chat", clock.millis(), "{\"any\":1}")), null)))
        .isEqualTo("allowed");
  }
}
