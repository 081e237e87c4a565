package dev.portcullis.policies.message;

import dev.portcullis.core.config.MessageConfig;
import dev.portcullis.core.engine.AddressBlocker;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * {@code WS_HONEYPOT_TYPES}: types no real client sends, so one use is proof of probing: the address is
 * blocked at once (which closes its sockets) and the message refused as {@code type_not_allowed}, the
 * answer any unknown type gets, so the trap does not show itself. Thread-safe.
 */
public final class HoneypotPolicy implements MessagePolicy<Void> {

  public static final PolicyId ID = PolicyId.of("honeypot");
  static final Verdict.Refuse TYPE_NOT_ALLOWED = Verdict.refuseMessage("type_not_allowed");

  private final Set<String> honeypots;
  private final AddressBlocker blocker;

  @Inject
  public HoneypotPolicy(MessageConfig config, AddressBlocker blocker) {
    this.honeypots = config.honeypotTypes();
    this.blocker = blocker;
  }

  @Override
  public PolicyId id() {
    return ID;
  }

  @Override
  public PolicyKind kind() {
    return PolicyKind.BLOCK;
  }

  @Override
  public int order() {
    return 300;
  }

  @Override
  public Verdict evaluate(MessageContext context, Void state) {
    if (honeypots.isEmpty() || !honeypots.contains(context.envelope().type())) {
      return Verdict.allow();
    }
    blocker.blockInBackground(context.client(), "honeypot");
    return TYPE_NOT_ALLOWED;
  }
}
