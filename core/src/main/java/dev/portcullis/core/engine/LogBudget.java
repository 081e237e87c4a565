package dev.portcullis.core.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} log lines in each second of the ticker, counting the ones it turns away, so that a
 * flood of refusals cannot flood the log (or spend the node's CPU rendering lines). Lock-free; the count at a
 * second's edge is approximate by a line or two under contention, which a log budget can afford.
 */
final class LogBudget {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final int perSecond;
  private final LongSupplier nanoTime;
  private final AtomicLong second = new AtomicLong(Long.MIN_VALUE);
  private final AtomicInteger used = new AtomicInteger();
  private final AtomicLong suppressed = new AtomicLong();

  LogBudget(int perSecond, LongSupplier nanoTime) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("a log budget needs at least one line per second, not " + perSecond);
    }
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
  }

  int perSecond() {
    return perSecond;
  }

  /**
   * Spends one line.
   *
   * @return -1 when the line must be dropped; otherwise how many lines were dropped since the last line a new
   *         second let through (usually 0), which the caller reports before its own line
   */
  long take() {
    long now = Math.floorDiv(nanoTime.getAsLong(), NANOS_PER_SECOND);
    long current = second.get();
    if (now != current && second.compareAndSet(current, now)) {
      used.set(1);
      return suppressed.getAndSet(0);
    }
    if (used.incrementAndGet() <= perSecond) {
      return 0;
    }
    suppressed.incrementAndGet();
    return -1;
  }
}
