package dev.portcullis.policies.message;

import dev.portcullis.core.config.MessageConfig;
import dev.portcullis.core.message.Envelope;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;

/**
 * Only types on {@code WS_ALLOWED_MESSAGE_TYPES}, plus the framework's own {@code auth} and
 * {@code heartbeat}, pass; anything else is {@code type_not_allowed}. Thread-safe.
 */
public final class MessageTypePolicy implements MessagePolicy<Void> {

  public static final PolicyId ID = PolicyId.of("message-type");
  static final Verdict.Refuse TYPE_NOT_ALLOWED = Verdict.refuseMessage("type_not_allowed");

  private final Set<String> allowed;

  @Inject
  public MessageTypePolicy(MessageConfig config) {
    Set<String> types = new HashSet<>(config.allowedTypes());
    types.add(Envelope.AUTH);
    types.add(Envelope.HEARTBEAT);
    this.allowed = Set.copyOf(types);
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
    return 400;
  }

  @Override
  public Verdict evaluate(MessageContext context, Void state) {
    return allowed.contains(context.envelope().type()) ? Verdict.allow() : TYPE_NOT_ALLOWED;
  }
}
