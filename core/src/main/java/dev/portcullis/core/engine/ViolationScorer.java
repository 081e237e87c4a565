package dev.portcullis.core.engine;

import dev.portcullis.core.config.BlockingConfig;
import dev.portcullis.core.event.SuspiciousActivity;
import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.port.RateDecision;
import dev.portcullis.core.port.RateRule;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Scores refused messages per address: each refusal code weighs something, and an address whose score
 * inside 60 s reaches {@code WS_SUSPICIOUS_THRESHOLD} is reported and blocked (repeat offenders for
 * longer), which closes its sockets. The score is kept on this node, in memory, and the block is made in
 * the background: the message path never waits on a network. Thread-safe.
 */
public final class ViolationScorer {

  /** Weights of the contract's codes: malformed or probing traffic weighs more than a burst. */
  public static final Map<String, Integer> WEIGHTS = Map.of(
      "invalid_format", 5, "missing_field", 3, "type_not_allowed", 5, "stale_timestamp", 3,
      "duplicate_id", 5, "rate_limited", 2, "payload_invalid", 2, "binary_not_allowed", 5,
      "unauthenticated", 5);
  /** The weight of a code a plugin invents. */
  static final int OTHER_WEIGHT = 5;
  static final Duration WINDOW = Duration.ofSeconds(60);

  private final InMemoryRateLimiter scores;
  private final RateRule rule;
  private final AddressBlocker blocker;
  private final SecurityEvents events;
  private final Clock clock;

  public ViolationScorer(AddressBlocker blocker, SecurityEvents events, BlockingConfig config, Clock clock) {
    this.scores = new InMemoryRateLimiter(clock);
    this.rule = new RateRule("violations", config.suspiciousThreshold(), WINDOW);
    this.blocker = blocker;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Adds the weight of {@code code} to the address's score.
   *
   * @return true when the score reached the threshold and the address is now blocked
   */
  public boolean add(ClientAddress client, String subject, String code) {
    long weight = WEIGHTS.getOrDefault(code, OTHER_WEIGHT);
    RateDecision decision = scores.tryConsume(rule, client.key(), Math.min(weight, rule.limit()));
    if (decision.allowed() && decision.remaining() > 0) {
      return false;
    }
    scores.reset(rule, client.key());
    events.publish(new SuspiciousActivity(clock.instant(), client.key(), subject, rule.limit(), code));
    return blocker.blockInBackground(client, "too_many_violations");
  }
}
