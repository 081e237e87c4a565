package dev.portcullis.policies.message;

import dev.portcullis.core.config.MessageConfig;
import dev.portcullis.core.message.Envelope;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Refuses a message whose timestamp is further than {@code WS_REPLAY_WINDOW} from the server clock,
 * in the past or the future ({@code stale_timestamp}): together with the replay policy, a captured
 * message cannot be sent again later. An {@code auth} message without a timestamp passes. Thread-safe.
 */
public final class TimestampPolicy implements MessagePolicy<Void> {

  public static final PolicyId ID = PolicyId.of("timestamp");
  static final Verdict.Refuse STALE = Verdict.refuseMessage("stale_timestamp");

  private final long windowMillis;
  private final Clock clock;

  @Inject
  public TimestampPolicy(MessageConfig config, Clock clock) {
    this.windowMillis = config.replayWindow().toMillis();
    this.clock = clock;
  }

  @Override
  public PolicyId id() {
    return ID;
  }

  @Override
  public PolicyKind kind() {
    return PolicyKind.GUARD;
  }

  @Override
  public int order() {
    return 600;
  }

  @Override
  public Verdict evaluate(MessageContext context, Void state) {
    Envelope envelope = context.envelope();
    if (!envelope.hasTimestamp()) {
      return Verdict.allow(); // only an auth message may omit it; the reader refuses the others
    }
    long skew = Math.abs(clock.millis() - envelope.timestampMillis());
    return skew <= windowMillis ? Verdict.allow() : STALE;
  }
}
