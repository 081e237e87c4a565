package dev.portcullis.policies.message;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.portcullis.core.message.EnvelopeReader;
import dev.portcullis.core.message.PayloadSchemas;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import jakarta.inject.Inject;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Binds the payload of a type a team registered to its class and validates it with Jakarta
 * Validation; a payload that does not bind (wrong shape, unknown fields, missing) or breaks a
 * constraint is {@code payload_invalid}, and the application receives the typed, validated object.
 * Types without a registered class pass untouched. Thread-safe.
 */
public final class PayloadSchemaPolicy implements MessagePolicy<Void> {

  public static final PolicyId ID = PolicyId.of("payload-schema");
  static final Verdict.Refuse INVALID = Verdict.refuseMessage("payload_invalid");

  private final Map<String, ObjectReader> readers = new HashMap<>();
  private final Validator validator;

  @Inject
  public PayloadSchemaPolicy(PayloadSchemas schemas, EnvelopeReader envelopes) {
    schemas.asMap().forEach((type, cls) -> readers.put(type,
        envelopes.mapper().readerFor(cls).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
            DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)));
    try (ValidatorFactory factory = Validation.byDefaultProvider().configure()
        .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory()) {
      this.validator = factory.getValidator();
    }
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
    return 800;
  }

  @Override
  public Verdict evaluate(MessageContext context, Void state) {
    ObjectReader reader = readers.get(context.envelope().type());
    if (reader == null) {
      return Verdict.allow();
    }
    Object bound = bind(reader, context.envelope().payload());
    if (bound == null || !validator.validate(bound).isEmpty()) {
      return INVALID;
    }
    context.payload(bound);
    return Verdict.allow();
  }

  /** The payload bound to its class, or {@code null} when there is none or it does not bind. */
  private static Object bind(ObjectReader reader, JsonNode payload) {
    if (payload == null || payload.isNull()) {
      return null;
    }
    try {
      return reader.readValue(payload);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
