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
    if (nowStart == start) {
      return this;
    }
    long carried = nowStart - start == windowMillis ? current : 0;
    return new SlidingWindow(nowStart, 0, carried);
  }

  /** The weighted count at {@code nowMillis} (this state must already be advanced to it). */
  double estimate(long nowMillis, long windowMillis) {
    double elapsed = (double) (nowMillis - start) / windowMillis;
    return previous * (1.0 - elapsed) + current;
  }

  /**
   * Tries to spend {@code units}; the state to store is {@link Result#next()}.
   */
  static Result consume(SlidingWindow state, long nowMillis, long windowMillis, long limit, long units) {
    SlidingWindow s = (state == null ? EMPTY : state).advance(nowMillis, windowMillis);
    double estimate = s.estimate(nowMillis, windowMillis);
    boolean allowed = estimate + units <= limit;
    SlidingWindow next = allowed ? new SlidingWindow(s.start, s.current + units, s.previous) : s;
    double after = allowed ? estimate + units : estimate;
    long remaining = Math.max(0, (long) Math.floor(limit - after));
    Duration retry = allowed ? Duration.ZERO : Duration.ofMillis(s.retryAfterMillis(nowMillis, windowMillis, limit, units));
    return new Result(next, new RateDecision(allowed, limit, remaining, retry,
        Duration.ofMillis(next.resetAfterMillis(nowMillis, windowMillis))));
  }

  /** When {@code units} more would fit: later in this window as the old one decays, or in the next. */
  private long retryAfterMillis(long now, long window, long limit, long units) {
    long room = limit - current - units;
    if (room >= 0 && previous > 0) {
      double fraction = 1.0 - (double) room / previous;
      long at = start + (long) Math.ceil(fraction * window);
      return Math.max(1, at - now);
    }
    long nextStart = start + window;
    if (units > limit) {
      return nextStart + window - now; // never fits; say when the key is empty
    }
    double fraction = current == 0 ? 0 : Math.max(0, 1.0 - (double) (limit - units) / current);
    return Math.max(1, nextStart + (long) Math.ceil(fraction * window) - now);
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
