package dev.portcullis.policies.message;

import dev.portcullis.core.config.MessageConfig;
import dev.portcullis.core.message.TokenBucket;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import jakarta.inject.Inject;
import java.util.function.LongSupplier;

/**
 * The connection's token bucket ({@code WS_MAX_MESSAGES_PER_SECOND}, {@code WS_MESSAGE_BURST}) and its
 * optional inbound byte budget ({@code WS_MAX_BYTES_PER_SECOND}, with one second of burst). Runs first,
 * before any parsing, so a flood costs one subtraction per frame. Thread-safe; the buckets are
 * per connection.
 */
public final class MessageRatePolicy implements MessagePolicy<MessageRatePolicy.Buckets> {

  public static final PolicyId ID = PolicyId.of("message-rate");
  static final Verdict.Refuse RATE_LIMITED = Verdict.refuseMessage("rate_limited");

  private final MessageConfig config;
  private final LongSupplier nanoTime;

  @Inject
  public MessageRatePolicy(MessageConfig config) {
    this(config, System::nanoTime);
  }

  MessageRatePolicy(MessageConfig config, LongSupplier nanoTime) {
    this.config = config;
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
    return 100;
  }

  @Override
  public Buckets open(MessageContext connection) {
    TokenBucket bytes = config.maxBytesPerSecond() > 0
        ? new TokenBucket(config.maxBytesPerSecond(), config.maxBytesPerSecond(), nanoTime)
        : null;
    return new Buckets(new TokenBucket(config.maxPerSecond(), config.burst(), nanoTime), bytes);
  }

  @Override
  public Verdict evaluate(MessageContext context, Buckets buckets) {
    if (!buckets.messages.tryTake(1)) {
      return RATE_LIMITED;
    }
    if (buckets.bytes != null && !buckets.bytes.tryTake(context.bytes())) {
      return RATE_LIMITED;
    }
    return Verdict.allow();
  }

  /** One connection's buckets. */
  public record Buckets(TokenBucket messages, TokenBucket bytes) {}
}
