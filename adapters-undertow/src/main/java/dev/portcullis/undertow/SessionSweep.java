package dev.portcullis.undertow;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One periodic task that checks every open socket's deadlines ({@link GuardedSession#tick}): the
 * authentication timeout, the connection lifetime, token expiry, heartbeat silence, the close timeout,
 * and whether a ping is due.
 *
 * <p>Why one sweep and not a few scheduled tasks per socket: a socket's deadlines move all the time (each
 * message moves its heartbeat deadline, each token refresh its expiry), so per-socket tasks would be
 * cancelled and rescheduled on the hot path, and 10,000 idle sockets would keep 30,000 entries in the
 * timer's heap. The sweep allocates nothing per socket, costs a few comparisons per socket per tick
 * (10,000 sockets every 250 ms is about a millisecond of one core per second), hands pings and closes to
 * the sockets' IO threads, and needs no cancelling: a closed socket simply leaves {@link LiveSessions}.
 * Its price is precision: every timeout fires up to one tick late. Thread-safe.
 */
final class SessionSweep implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(SessionSweep.class);

  private final LiveSessions live;
  private final LongSupplier nanoTime;
  private final Clock clock;

  SessionSweep(LiveSessions live, LongSupplier nanoTime, Clock clock) {
    this.live = live;
    this.nanoTime = nanoTime;
    this.clock = clock;
  }

  /** Runs the sweep every {@code interval} on {@code timer} until the returned future is cancelled. */
  ScheduledFuture<?> start(ScheduledExecutorService timer, Duration interval) {
    long nanos = interval.toNanos();
    return timer.scheduleWithFixedDelay(this, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void run() {
    long now = nanoTime.getAsLong();
    long nowMillis = clock.millis();
    live.forEach(session -> {
      try {
        session.tick(now, nowMillis);
      } catch (RuntimeException e) {
        // A periodic task that throws is never run again: one bad socket must not stop every timeout.
        LOG.error("Checking the deadlines of socket {} failed", session.id(), e);
      }
    });
  }
}
