package dev.portcullis.core.memory;

import dev.portcullis.core.port.RateDecision;
import java.time.Duration;

/**
 * A sliding window kept as {@link #SLOTS} + 1 counters, one per slot of {@code window / SLOTS}: an
 * event stops counting between {@code window} and {@code window + slot} after it happened, never
 * earlier, so no sliding window of that length ever admits more than the limit, and a key is free
 * again at most one slot (1 s of a 60 s window) after the exact answer. Memory per key is fixed,
 * whatever the limit. (A two-window counter would be smaller, but it over-counts a burst for up to two
 * windows and under-counts others: wrong answers both ways for a security limit.)
 *
 * <p>The algorithm lives here once; a backend only makes each update atomic. Mutable, and confined to
 * the caller's lock for its key; not thread-safe.
 */
final class SlotWindow {

  static final int SLOTS = 60;
  private static final int RING = SLOTS + 1;

  private final long slotMillis;
  private final int[] counts = new int[RING];
  private long newest = Long.MIN_VALUE;
  private long total;

  SlotWindow(long windowMillis) {
    this.slotMillis = Math.max(1, -Math.floorDiv(-windowMillis, SLOTS));
  }

  /** How long after its last update this key can still matter: the window plus one slot. */
  long lifetimeMillis() {
    return slotMillis * RING;
  }

  /** Spends {@code units} if the window still has them under {@code limit}; spends nothing otherwise. */
  RateDecision consume(long nowMillis, long limit, long units) {
    long current = advance(nowMillis);
    boolean allowed = units <= limit && total + units <= limit;
    if (allowed) {
      counts[index(current)] += (int) units;
      total += units;
    }
    Duration retry = allowed ? Duration.ZERO : Duration.ofMillis(retryAfterMillis(nowMillis, current, limit, units));
    return new RateDecision(allowed, limit, Math.max(0, limit - total), retry,
        Duration.ofMillis(resetAfterMillis(nowMillis, current)));
  }

  /** Units counted now (this state must be advanced). */
  long total() {
    return total;
  }

  /** Drops the slots that left the window by {@code nowMillis}; returns the current slot. */
  long advance(long nowMillis) {
    long current = Math.floorDiv(nowMillis, slotMillis);
    if (newest == Long.MIN_VALUE || current - newest > SLOTS) {
      java.util.Arrays.fill(counts, 0);
      total = 0;
      newest = current;
    } else if (current > newest) {
      for (long slot = newest + 1; slot <= current; slot++) {
        total -= counts[index(slot)];
        counts[index(slot)] = 0;
      }
      newest = current;
    }
    return Math.max(current, newest); // a clock stepped back never wipes the count
  }

  /** When the oldest slots holding enough units will have left the window. */
  private long retryAfterMillis(long now, long current, long limit, long units) {
    if (units > limit) {
      return Math.max(1, resetAfterMillis(now, current)); // never fits; say when the key is empty
    }
    long toFree = total + units - limit;
    long freed = 0;
    for (long slot = current - SLOTS; slot <= current; slot++) {
      freed += counts[index(slot)];
      if (freed >= toFree) {
        return Math.max(1, leavesAt(slot) - now);
      }
    }
    return Math.max(1, leavesAt(current) - now);
  }

  /** When every counted unit will have left the window. */
  private long resetAfterMillis(long now, long current) {
    for (long slot = current; slot >= current - SLOTS; slot--) {
      if (counts[index(slot)] > 0) {
        return Math.max(0, leavesAt(slot) - now);
      }
    }
    return 0;
  }

  private long leavesAt(long slot) {
    return (slot + RING) * slotMillis;
  }

  private static int index(long slot) {
    return (int) Math.floorMod(slot, RING);
  }
}
