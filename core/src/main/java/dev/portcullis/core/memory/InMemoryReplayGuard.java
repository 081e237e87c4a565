package dev.portcullis.core.memory;

import dev.portcullis.core.port.ReplayGuard;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReplayGuard} on one node, built for the message path: each (subject, id) is remembered as a
 * 64-bit keyed hash with the time it was seen, in one of {@link #SLICES} + 1 time slices of the window;
 * a whole slice is dropped at once when it has aged out, so nothing is evicted or expired entry by
 * entry. A check costs a few hash lookups and two small allocations. The hash is keyed with a random
 * per-node seed, so a client cannot craft an id that collides with another subject's.
 *
 * <p>Bounded: past {@code maxIds} the oldest slice is dropped early (the window shortens under a flood,
 * the newest ids stay remembered, and the timestamp window still refuses anything older), and it says
 * so in the log. Thread-safe: racing threads with the same id see it first exactly once.
 */
public final class InMemoryReplayGuard implements ReplayGuard {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryReplayGuard.class);
  public static final long DEFAULT_MAX_IDS = 500_000;
  static final int SLICES = 10;
  private static final int RING = SLICES + 1;

  private final Clock clock;
  private final long maxIds;
  private final long seed = new SecureRandom().nextLong();
  private final AtomicReferenceArray<Slice> ring = new AtomicReferenceArray<>(RING);
  private volatile long lastOverflowWarning = Long.MIN_VALUE;

  public InMemoryReplayGuard(Clock clock) {
    this(clock, DEFAULT_MAX_IDS);
  }

  public InMemoryReplayGuard(Clock clock, long maxIds) {
    this.clock = clock;
    this.maxIds = maxIds;
  }

  @Override
  public boolean firstSeen(String subject, String messageId, Duration window) {
    long windowMillis = window.toMillis();
    long sliceMillis = Math.max(1, -Math.floorDiv(-windowMillis, SLICES));
    long now = clock.millis();
    long current = Math.floorDiv(now, sliceMillis);
    Long key = hash(subject, messageId); // boxed once: the maps need an object
    for (int i = 0; i < RING; i++) {
      Slice slice = ring.get(i);
      if (slice != null && current - slice.index <= SLICES) {
        Long seen = slice.ids.get(key);
        if (seen != null && now - seen < windowMillis) {
          return false;
        }
      }
    }
    Slice slice = sliceFor(current);
    if (held() >= maxIds && !dropOldest(current)) {
      warnOverflow(now, windowMillis);
      return true; // nothing older left to drop: this id goes unremembered
    }
    return slice.ids.putIfAbsent(key, now) == null;
  }

  /** Ids held now, aged-out slices not yet reused included (for tests and statistics). */
  public long size() {
    return held();
  }

  private Slice sliceFor(long current) {
    int at = (int) Math.floorMod(current, RING);
    while (true) {
      Slice slice = ring.get(at);
      if (slice != null && slice.index == current) {
        return slice;
      }
      Slice fresh = new Slice(current, new ConcurrentHashMap<>());
      if (ring.compareAndSet(at, slice, fresh)) {
        return fresh;
      }
    }
  }

  private long held() {
    long total = 0;
    for (int i = 0; i < RING; i++) {
      Slice slice = ring.get(i);
      if (slice != null) {
        total += slice.ids.mappingCount();
      }
    }
    return total;
  }

  /** Drops the oldest slice other than the current one; false when there is none. */
  private boolean dropOldest(long current) {
    int oldestAt = -1;
    long oldest = Long.MAX_VALUE;
    for (int i = 0; i < RING; i++) {
      Slice slice = ring.get(i);
      if (slice != null && slice.index != current && slice.index < oldest) {
        oldest = slice.index;
        oldestAt = i;
      }
    }
    if (oldestAt < 0) {
      return false;
    }
    ring.set(oldestAt, null);
    return true;
  }

  private void warnOverflow(long now, long windowMillis) {
    if (now - lastOverflowWarning > windowMillis) {
      lastOverflowWarning = now;
      LOG.warn("Replay guard full ({} ids): ids beyond it are not remembered until the window moves on", maxIds);
    }
  }

  /** A keyed 64-bit hash of subject and id, with a separator no string can forge. */
  private long hash(String subject, String messageId) {
    long h = seed ^ 0x9E3779B97F4A7C15L;
    h = mix(h, subject);
    h = mix(h ^ 0xFF51AFD7ED558CCDL, messageId);
    return finish(h ^ subject.length() * 31L ^ messageId.length());
  }

  private static long mix(long h, String text) {
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x100000001B3L;
      h = Long.rotateLeft(h, 29);
    }
    return h;
  }

  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }

  private record Slice(long index, ConcurrentHashMap<Long, Long> ids) {}
}
