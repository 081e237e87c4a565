package dev.portcullis.core.message;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code capacity} tokens, refilled at {@code perSecond}. Meant for one connection,
 * whose messages are judged one at a time on its IO thread, so it needs neither locks nor atomics;
 * it allocates nothing per decision. Not thread-safe.
 */
public final class TokenBucket {

  private final double perNano;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  public TokenBucket(double perSecond, double capacity, LongSupplier nanoTime) {
    this.perNano = perSecond / 1_000_000_000.0;
    this.capacity = capacity;
    this.nanoTime = nanoTime;
    this.tokens = capacity;
    this.last = nanoTime.getAsLong();
  }

  /** Takes {@code n} tokens if there are that many; takes none otherwise. */
  public boolean tryTake(double n) {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * perNano);
    last = now;
    if (tokens < n) {
      return false;
    }
    tokens -= n;
    return true;
  }
}
