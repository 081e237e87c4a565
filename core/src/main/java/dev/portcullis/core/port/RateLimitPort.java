package dev.portcullis.core.port;

/**
 * Answers "may key K spend N more units under rule R?": connection attempts per window, failed
 * authentications per window, violation points per window, repeat offences. Implementations are
 * thread-safe and exact under concurrency (each decision is atomic per key).
 */
public interface RateLimitPort {

  /** Spends {@code units} if the rule still has them for {@code key}; spends nothing otherwise. */
  RateDecision tryConsume(RateRule rule, String key, long units);

  /** Forgets everything counted for {@code key} under {@code rule} (an operator lifted a block). */
  void reset(RateRule rule, String key);
}
