package dev.portcullis.policies.message;

import dev.portcullis.core.config.MessageConfig;
import dev.portcullis.core.message.Envelope;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.ReplayGuard;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Refuses an id already seen for the same subject inside {@code WS_REPLAY_WINDOW}
 * ({@code duplicate_id}). Ids of anonymous connections are scoped to the connection. Runs after the
 * timestamp policy, so an id only needs remembering for as long as its timestamp would be accepted.
 * Thread-safe.
 */
public final class ReplayPolicy implements MessagePolicy<Void> {

  public static final PolicyId ID = PolicyId.of("replay");
  static final Verdict.Refuse DUPLICATE = Verdict.refuseMessage("duplicate_id");

  private final ReplayGuard guard;
  private final Duration window;

  @Inject
  public ReplayPolicy(ReplayGuard guard, MessageConfig config) {
    this.guard = guard;
    // An accepted timestamp may lie a whole window ahead, so its id is remembered for two windows.
    this.window = config.replayWindow().multipliedBy(2);
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
    return 700;
  }

  @Override
  public Verdict evaluate(MessageContext context, Void state) {
    Envelope envelope = context.envelope();
    if (envelope.id() == null) {
      return Verdict.allow(); // an auth message without an id
    }
    return guard.firstSeen(context.replayScope(), envelope.id(), window) ? Verdict.allow() : DUPLICATE;
  }
}
