package dev.portcullis.core.memory;

import dev.portcullis.core.port.RateDecision;
import java.time.Duration;

/**
 * The sliding-window counter (two fixed windows, the older one weighted by how much of it still
 * overlaps the sliding window): two numbers per key, whatever the limit, and within a small, bounded
 * error of an exact sliding log. The algorithm lives here once; each backend only makes an update atomic.
 *
 * @param start    start of the current fixed window, epoch millis, a multiple of the window length
 * @param current  units counted in the current fixed window
 * @param previous units counted in the one before it
 */
record SlidingWindow(long start, long current, long previous) {

  static final SlidingWindow EMPTY = new SlidingWindow(0, 0, 0);

  /** This state moved forward to the fixed window containing {@code nowMillis}. */
  SlidingWindow advance(long nowMillis, long windowMillis) {
    long nowStart = nowMillis - Math.floorMod(nowMillis, windowMillis);
    if (nowStart <= start) {
      return this; // same window, or a clock stepped back: never let that wipe the count
    }
    long carried = nowStart - start == windowMillis ? current : 0;
    return new SlidingWindow(nowStart, 0, carried);
  }

  /** The weighted count at {@code nowMillis} (this state must already be advanced to it). */
  double estimate(long nowMillis, long windowMillis) {
    return (double) scaledCount(nowMillis, windowMillis) / windowMillis;
  }

  /**
   * The weighted count times the window length, in whole numbers: {@code previous * (window - elapsed)
   * + current * window}. Deciding on scaled integers instead of a floating-point estimate keeps the
   * decision and its retry time in exact agreement (no millisecond lost or gained to rounding).
   * Exact while {@code limit * windowMillis} fits in a long, which any realistic rule does.
   */
  private long scaledCount(long nowMillis, long windowMillis) {
    long elapsed = Math.min(windowMillis, Math.max(0, nowMillis - start)); // a clock stepped back counts as 0
    return previous * (windowMillis - elapsed) + current * windowMillis;
  }

  /**
   * Tries to spend {@code units}; the state to store is {@link Result#next()}.
   */
  static Result consume(SlidingWindow state, long nowMillis, long windowMillis, long limit, long units) {
    SlidingWindow s = (state == null ? EMPTY : state).advance(nowMillis, windowMillis);
    long used = s.scaledCount(nowMillis, windowMillis);
    long capacity = limit * windowMillis;
    boolean allowed = units <= limit && used + units * windowMillis <= capacity;
    SlidingWindow next = allowed ? new SlidingWindow(s.start, s.current + units, s.previous) : s;
    long after = allowed ? used + units * windowMillis : used;
    long remaining = Math.max(0, Math.floorDiv(capacity - after, windowMillis));
    Duration retry = allowed ? Duration.ZERO : Duration.ofMillis(s.retryAfterMillis(nowMillis, windowMillis, limit, units));
    return new Result(next, new RateDecision(allowed, limit, remaining, retry,
        Duration.ofMillis(next.resetAfterMillis(nowMillis, windowMillis))));
  }

  /**
   * The earliest moment {@code units} more fit, exactly: later in this window as the old one decays, or
   * in the next one as the current one decays in its turn.
   */
  private long retryAfterMillis(long now, long window, long limit, long units) {
    if (units > limit) {
      return start + 2 * window - now; // never fits; say when the key is empty
    }
    long room = limit - current - units;
    if (room >= 0) {
      // Fits once previous * (window - elapsed) <= room * window; previous > 0, or it would fit now.
      long elapsed = window - Math.floorDiv(room * window, previous);
      return Math.max(1, start + elapsed - now);
    }
    // Fits in the next window once current * (window - elapsed) <= (limit - units) * window.
    long elapsed = window - Math.floorDiv((limit - units) * window, current);
    return Math.max(1, start + window + elapsed - now);
  }

  /** When the weighted count will have decayed to zero. */
  private long resetAfterMillis(long now, long window) {
    if (current > 0) {
      return start + 2 * window - now;
    }
    return previous > 0 ? start + window - now : 0;
  }

  record Result(SlidingWindow next, RateDecision decision) {}
}
