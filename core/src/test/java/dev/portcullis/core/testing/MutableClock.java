package dev.portcullis.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} that stands still until a test moves it, so that expiry and window tests never
 * sleep. Thread-safe: the instant is volatile, and moving it is atomic.
 */
public final class MutableClock extends Clock {

  /** A start instant that is a whole multiple of every window the tests use (a minute, an hour, a day). */
  public static final Instant ALIGNED_START = Instant.parse("2030-01-01T00:00:00Z");

  private volatile Instant now;

  public MutableClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /** A clock at {@link #ALIGNED_START}. */
  public static MutableClock aligned() {
    return new MutableClock(ALIGNED_START);
  }

  public synchronized void advance(Duration step) {
    now = now.plus(step);
  }

  public void advanceMillis(long millis) {
    advance(Duration.ofMillis(millis));
  }

  public void set(Instant instant) {
    now = Objects.requireNonNull(instant, "instant");
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this; // tests only ever read instants
  }
}
