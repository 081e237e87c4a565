package dev.portcullis.core.port;

import java.time.Duration;

/**
 * The answer of {@link RateLimitPort#tryConsume}.
 *
 * @param allowed    whether the units were spent
 * @param limit      the rule's limit
 * @param remaining  units still available to this key right now
 * @param retryAfter when a refused request could next succeed (zero when allowed)
 * @param resetAfter when the key's count will have fallen back to zero
 */
public record RateDecision(boolean allowed, long limit, long remaining, Duration retryAfter, Duration resetAfter) {}
