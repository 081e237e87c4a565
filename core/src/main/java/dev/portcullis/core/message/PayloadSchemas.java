package dev.portcullis.core.message;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The payload classes a team registered per message type: each payload of that type is bound to its
 * class (a record with Jakarta Validation constraints, say) and validated before the application sees
 * it. Immutable and thread-safe.
 */
public final class PayloadSchemas {

  public static final PayloadSchemas NONE = new PayloadSchemas(Map.of());
  private final Map<String, Class<?>> byType;

  public PayloadSchemas(Map<String, Class<?>> byType) {
    this.byType = Map.copyOf(Objects.requireNonNull(byType, "byType"));
  }

  /** The class registered for {@code type}, if any. */
  public Optional<Class<?>> forType(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  public Map<String, Class<?>> asMap() {
    return byType;
  }
}
