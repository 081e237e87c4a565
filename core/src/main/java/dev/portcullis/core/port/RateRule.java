package dev.portcullis.core.port;

import java.time.Duration;
import java.util.Objects;

/**
 * A counting rule: at most {@code limit} units per key inside any {@code window} (a sliding window).
 *
 * @param name   a short stable name; it namespaces the keys, so two rules never share a counter
 */
public record RateRule(String name, long limit, Duration window) {

  public RateRule {
    Objects.requireNonNull(name, "name");
    if (limit < 1) {
      throw new IllegalArgumentException("rule " + name + " needs a limit of at least 1, not " + limit);
    }
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("rule " + name + " needs a positive window, not " + window);
    }
  }
}
