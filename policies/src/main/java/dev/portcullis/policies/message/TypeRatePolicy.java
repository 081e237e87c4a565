package dev.portcullis.policies.message;

import dev.portcullis.core.config.MessageConfig;
import dev.portcullis.core.config.RateSpec;
import dev.portcullis.core.message.TokenBucket;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-type buckets from {@code WS_MESSAGE_RATE_OVERRIDES} (e.g. {@code ai_suggestion=1/3}), on top of
 * the connection's bucket: an expensive type can be held to its own pace. Each connection gets one
 * bucket per overridden type, created when it opens, so the map is bounded by the configuration, not
 * by the client. Thread-safe; the buckets are per connection.
 */
public final class TypeRatePolicy implements MessagePolicy<Map<String, TokenBucket>> {

  public static final PolicyId ID = PolicyId.of("type-rate");

  private final Map<String, RateSpec> overrides;
  private final LongSupplier nanoTime;

  @Inject
  public TypeRatePolicy(MessageConfig config) {
    this(config, System::nanoTime);
  }

  TypeRatePolicy(MessageConfig config, LongSupplier nanoTime) {
    this.overrides = config.rateOverrides();
    this.nanoTime = nanoTime;
  }

  @Override
  public PolicyId id() {
    return ID;
  }

  @Override
  public PolicyKind kind() {
    return PolicyKind.LIMIT;
  }

  @Override
  public int order() {
    return 500;
  }

  @Override
  public Map<String, TokenBucket> open(MessageContext connection) {
    if (overrides.isEmpty()) {
      return Map.of();
    }
    Map<String, TokenBucket> buckets = new HashMap<>();
    overrides.forEach((type, spec) -> buckets.put(type, new TokenBucket(spec.perSecond(), spec.burst(), nanoTime)));
    return buckets;
  }

  @Override
  public Verdict evaluate(MessageContext context, Map<String, TokenBucket> buckets) {
    TokenBucket bucket = buckets.get(context.envelope().type());
    return bucket == null || bucket.tryTake(1) ? Verdict.allow() : MessageRatePolicy.RATE_LIMITED;
  }
}
