package dev.portcullis.policies.message;

import dev.portcullis.core.message.EnvelopeReader;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import jakarta.inject.Inject;

/**
 * Parses the message once into its envelope (CONTRACT §3), refusing {@code invalid_format} (not a JSON
 * object, wrong field types, duplicate keys, hostile nesting or numbers) and {@code missing_field}.
 * Thread-safe.
 */
public final class EnvelopePolicy implements MessagePolicy<Void> {

  public static final PolicyId ID = PolicyId.of("envelope");
  static final Verdict.Refuse INVALID_FORMAT = Verdict.refuseMessage("invalid_format");
  static final Verdict.Refuse MISSING_FIELD = Verdict.refuseMessage("missing_field");

  private final EnvelopeReader reader;

  @Inject
  public EnvelopePolicy(EnvelopeReader reader) {
    this.reader = reader;
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
    return 200;
  }

  @Override
  public Verdict evaluate(MessageContext context, Void state) {
    EnvelopeReader.Result result = reader.read(context.text());
    if (!result.ok()) {
      return "missing_field".equals(result.refusal()) ? MISSING_FIELD : INVALID_FORMAT;
    }
    context.envelope(result.envelope());
    return Verdict.allow();
  }
}
