package dev.portcullis.core.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portcullis.core.port.RateDecision;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.RateRule;
import java.time.Clock;

/**
 * {@link RateLimitPort} on one node: a {@link SlotWindow} per rule and key, in one Caffeine cache
 * bounded by entry count, so a flood of distinct addresses costs a fixed amount of heap (about 400
 * bytes a key; the least useful counters are evicted first). An entry expires once it can no longer
 * affect a decision (a window and a slot after its last use). Thread-safe; each decision is atomic per
 * key.
 */
public final class InMemoryRateLimiter implements RateLimitPort {

  /** Default bound: about 40 MB of counters at most. */
  public static final long DEFAULT_MAX_KEYS = 100_000;

  private final Clock clock;
  private final Cache<Key, SlotWindow> counters;

  public InMemoryRateLimiter(Clock clock) {
    this(clock, DEFAULT_MAX_KEYS);
  }

  public InMemoryRateLimiter(Clock clock, long maxKeys) {
    this.clock = clock;
    this.counters = Caffeine.newBuilder()
        .maximumSize(maxKeys)
        .ticker(() -> clock.millis() * 1_000_000L)
        .expireAfter(new OneWindowAfterUse())
        .build();
  }

  @Override
  public RateDecision tryConsume(RateRule rule, String key, long units) {
    RateDecision[] decision = new RateDecision[1];
    counters.asMap().compute(new Key(rule.name(), key), (k, window) -> {
      SlotWindow state = window != null ? window : new SlotWindow(rule.window().toMillis());
      decision[0] = state.consume(clock.millis(), rule.limit(), units);
      return state;
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

  private static final class OneWindowAfterUse implements Expiry<Key, SlotWindow> {
    @Override
    public long expireAfterCreate(Key key, SlotWindow window, long now) {
      return window.lifetimeMillis() * 1_000_000L;
    }

    @Override
    public long expireAfterUpdate(Key key, SlotWindow window, long now, long remaining) {
      return expireAfterCreate(key, window, now);
    }

    @Override
    public long expireAfterRead(Key key, SlotWindow window, long now, long remaining) {
      return remaining;
    }
  }
}
