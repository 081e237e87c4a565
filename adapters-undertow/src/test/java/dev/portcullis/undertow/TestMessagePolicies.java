package dev.portcullis.undertow;

import dev.portcullis.core.message.EnvelopeReader;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import java.util.function.Function;

/**
 * Message policies for transport tests, each doing one visible thing: the built-in ones live in another
 * module and are tested end to end in the testkit. All thread-safe.
 */
final class TestMessagePolicies {

  private TestMessagePolicies() {}

  /** Reads the envelope like the built-in envelope policy, but refuses nothing. */
  static final class Reading implements MessagePolicy<Void> {
    private final EnvelopeReader reader = new EnvelopeReader(1 << 20);

    @Override
    public PolicyId id() {
      return PolicyId.of("test-envelope");
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
      EnvelopeReader.Result read = reader.read(context.text());
      if (read.ok()) {
        context.envelope(read.envelope());
      }
      return Verdict.allow();
    }
  }

  /** Does whatever the test scripted (allow by default). */
  static final class Scripted implements MessagePolicy<Void> {
    volatile Function<MessageContext, Verdict> script = context -> Verdict.allow();

    @Override
    public PolicyId id() {
      return PolicyId.of("test-message-script");
    }

    @Override
    public PolicyKind kind() {
      return PolicyKind.GUARD;
    }

    @Override
    public int order() {
      return 500;
    }

    @Override
    public Verdict evaluate(MessageContext context, Void state) {
      return script.apply(context);
    }

    /** Refuses with {@code code} every message whose text contains {@code marker}. */
    void refuseContaining(String marker, String code) {
      Verdict.Refuse refusal = Verdict.refuseMessage(code);
      script = context -> context.text().contains(marker) ? refusal : Verdict.allow();
    }

    void allowAll() {
      script = context -> Verdict.allow();
    }
  }
}
