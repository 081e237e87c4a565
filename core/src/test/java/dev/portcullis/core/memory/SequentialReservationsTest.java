package dev.portcullis.core.memory;

import dev.portcullis.core.port.ReservationsContract;
import dev.portcullis.core.testing.MutableClock;

/** {@link SequentialReservations} over the in-memory ports keeps the {@code ReservationsContract}. */
class SequentialReservationsTest extends ReservationsContract {

  @Override
  protected State newState(MutableClock clock) {
    InMemoryRateLimiter counters = new InMemoryRateLimiter(clock);
    InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry();
    return new State(new SequentialReservations(counters, registry), counters, registry);
  }
}
