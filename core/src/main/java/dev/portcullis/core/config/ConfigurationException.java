package dev.portcullis.core.config;

import java.util.List;

/**
 * The configuration cannot start a node. Its message lists every offending variable, the value it
 * had (secrets shown only by length) and the rule it broke, one per line.
 */
public final class ConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final transient List<ConfigViolation> violations;

  public ConfigurationException(List<ConfigViolation> violations) {
    super(describe(violations), null, false, false);
    this.violations = List.copyOf(violations);
  }

  public List<ConfigViolation> violations() {
    return violations;
  }

  private static String describe(List<ConfigViolation> violations) {
    StringBuilder text = new StringBuilder("Portcullis cannot start: ")
        .append(violations.size())
        .append(violations.size() == 1 ? " configuration error" : " configuration errors");
    for (ConfigViolation v : violations) {
      text.append(System.lineSeparator()).append("  ").append(v);
    }
    return text.toString();
  }
}
