package dev.portcullis.core.config;

/**
 * One broken rule: {@code WS_PORT=abc: must be a whole number}.
 *
 * @param variable the environment variable to change
 * @param value    how the value is shown: the value itself, {@code <unset>}, or {@code <secret, N bytes>}
 * @param rule     what the value must satisfy
 */
public record ConfigViolation(String variable, String value, String rule) {

  @Override
  public String toString() {
    return variable + "=" + value + ": " + rule;
  }
}
