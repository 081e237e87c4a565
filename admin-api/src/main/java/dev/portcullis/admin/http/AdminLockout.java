package dev.portcullis.admin.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Failed admin authentications per client key, counted by the admin surface itself: after
 * {@code WS_MAX_FAILED_AUTH} failures inside {@code WS_FAILED_AUTH_WINDOW} (from the first one) the
 * address gets no further token check until that window ends. The shared failed-authentication block
 * does the same for most addresses, but never blocks one on {@code WS_ALLOWLIST}; an office or
 * monitoring range there is often inside {@code WS_ADMIN_ALLOWED_IPS} too, and without this count it
 * could guess the admin token without limit. Bounded ({@link #MAX_ADDRESSES}, least recently used go
 * first); node-local. Thread-safe.
 */
public final class AdminLockout {

  /** Addresses whose failures are remembered at once. */
  public static final int MAX_ADDRESSES = 10_000;

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Cache<String, Attempts> attempts = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES).build();

  public AdminLockout(int maxFailures, Duration window, Clock clock) {
    if (maxFailures < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a lockout needs at least one failure and a positive window");
    }
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  /** The failures of one address since {@code start}. */
  private record Attempts(Instant start, int failures) {}

  /** How long {@code key} stays locked out, or empty when it may try a token. */
  public Optional<Duration> remaining(String key) {
    Attempts current = attempts.getIfPresent(key);
    if (current == null || current.failures() < maxFailures) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), current.start().plus(window));
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  /** Records one failed authentication of {@code key}. */
  public void failed(String key) {
    Instant now = clock.instant();
    attempts.asMap().compute(key, (k, current) -> current == null || !now.isBefore(current.start().plus(window))
        ? new Attempts(now, 1)
        : new Attempts(current.start(), current.failures() + 1));
  }
}
