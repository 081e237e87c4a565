package dev.portcullis.jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so that nothing sleeps to see an expiry. Thread-safe. */
final class MutableClock extends Clock {

  /** A whole second, so that JWT times (seconds) line up with the clock exactly. */
  static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  private volatile Instant now;

  MutableClock() {
    this(START);
  }

  MutableClock(Instant start) {
    this.now = start;
  }

  void advance(Duration by) {
    now = now.plus(by);
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
    throw new UnsupportedOperationException("tests use UTC");
  }
}
