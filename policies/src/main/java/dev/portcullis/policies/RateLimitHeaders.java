package dev.portcullis.policies;

import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.RateDecision;
import java.time.Duration;

/**
 * The {@code 429 rate_limited} answer with {@code Retry-After} and the IETF {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds) headers.
 */
final class RateLimitHeaders {

  private RateLimitHeaders() {}

  static Verdict.Refuse refusal(RateDecision decision) {
    return refusal(decision.limit(), decision.remaining(), decision.retryAfter(), decision.resetAfter());
  }

  static Verdict.Refuse refusal(long limit, long remaining, Duration retryAfter, Duration resetAfter) {
    return Verdict.refuse("rate_limited", 429)
        .retryAfter(retryAfter)
        .withHeader("RateLimit-Limit", Long.toString(limit))
        .withHeader("RateLimit-Remaining", Long.toString(remaining))
        .withHeader("RateLimit-Reset", Long.toString(Math.max(1, Verdict.Refuse.ceilSeconds(resetAfter))));
  }
}
