package dev.portcullis.core.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portcullis.core.port.ReplayGuard;
import java.time.Clock;
import java.time.Duration;

/**
 * {@link ReplayGuard} on one node: ids remembered per subject for the window, in a cache bounded by
 * entry count. Past the bound the least useful ids are forgotten first; the timestamp window still
 * refuses anything older than the window. Thread-safe.
 */
public final class InMemoryReplayGuard implements ReplayGuard {

  public static final long DEFAULT_MAX_IDS = 500_000;
  private final Cache<Key, Duration> seen;

  public InMemoryReplayGuard(Clock clock) {
    this(clock, DEFAULT_MAX_IDS);
  }

  public InMemoryReplayGuard(Clock clock, long maxIds) {
    this.seen = Caffeine.newBuilder()
        .maximumSize(maxIds)
        .ticker(() -> clock.millis() * 1_000_000L)
        .expireAfter(new WindowExpiry())
        .build();
  }

  @Override
  public boolean firstSeen(String subject, String messageId, Duration window) {
    return seen.asMap().putIfAbsent(new Key(subject, messageId), window) == null;
  }

  private record Key(String subject, String id) {}

  private static final class WindowExpiry implements Expiry<Key, Duration> {
    @Override
    public long expireAfterCreate(Key key, Duration window, long now) {
      return window.toNanos();
    }

    @Override
    public long expireAfterUpdate(Key key, Duration window, long now, long remaining) {
      return remaining;
    }

    @Override
    public long expireAfterRead(Key key, Duration window, long now, long remaining) {
      return remaining;
    }
  }
}
