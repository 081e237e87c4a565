package dev.portcullis.core.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portcullis.core.port.RateDecision;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.RateRule;
import java.time.Clock;

/**
 * {@link RateLimitPort} on one node: a sliding-window counter per rule and key, in one Caffeine cache
 * bounded by entry count, so a flood of distinct addresses costs a fixed amount of heap (the least
 * useful counters are evicted first). An entry expires two windows after its last use, when it can no
 * longer affect a decision. Thread-safe; each decision is atomic per key.
 */
public final class InMemoryRateLimiter implements RateLimitPort {

  /** Default bound: about 20 MB of counters at most. */
  public static final long DEFAULT_MAX_KEYS = 100_000;

  private final Clock clock;
  private final Cache<Key, Entry> counters;

  public InMemoryRateLimiter(Clock clock) {
    this(clock, DEFAULT_MAX_KEYS);
  }

  public InMemoryRateLimiter(Clock clock, long maxKeys) {
    this.clock = clock;
    this.counters = Caffeine.newBuilder()
        .maximumSize(maxKeys)
        .ticker(() -> clock.millis() * 1_000_000L)
        .expireAfter(new TwoWindows())
        .build();
  }

  @Override
  public RateDecision tryConsume(RateRule rule, String key, long units) {
    long window = rule.window().toMillis();
    RateDecision[] decision = new RateDecision[1];
    counters.asMap().compute(new Key(rule.name(), key), (k, entry) -> {
      SlidingWindow.Result result = SlidingWindow.consume(entry == null ? null : entry.state, clock.millis(), window,
          rule.limit(), units);
      decision[0] = result.decision();
      return new Entry(result.next(), window);
    });
    return decision[0];
  }

  @Override
  public void reset(RateRule rule, String key) {
    counters.invalidate(new Key(rule.name(), key));
  }

  /** Counters held now (for tests and statistics). */
  public long size() {
    counters.cleanUp();
    return counters.estimatedSize();
  }

  private record Key(String rule, String key) {}

  private record Entry(SlidingWindow state, long windowMillis) {}

  private static final class TwoWindows implements Expiry<Key, Entry> {
    @Override
    public long expireAfterCreate(Key key, Entry entry, long now) {
      return entry.windowMillis * 2 * 1_000_000L;
    }

    @Override
    public long expireAfterUpdate(Key key, Entry entry, long now, long remaining) {
      return expireAfterCreate(key, entry, now);
    }

    @Override
    public long expireAfterRead(Key key, Entry entry, long now, long remaining) {
      return remaining;
    }
  }
}
