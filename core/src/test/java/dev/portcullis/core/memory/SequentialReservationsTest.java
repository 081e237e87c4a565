package dev.portcullis.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.RateDecision;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.RateRule;
import dev.portcullis.core.port.Reservation;
import dev.portcullis.core.port.ReservationsContract;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SequentialReservations} over the in-memory ports keeps the {@code ReservationsContract}. */
class SequentialReservationsTest extends ReservationsContract {

  @Override
  protected State newState(MutableClock clock) {
    InMemoryRateLimiter counters = new InMemoryRateLimiter(clock);
    InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry();
    return new State(new SequentialReservations(counters, registry), counters, registry);
  }

  /** A counting port whose store broke: the kind of failure a plugin's networked port may let through. */
  private static final class BrokenCounters implements RateLimitPort {
    @Override
    public RateDecision tryConsume(RateRule rule, String key, long units) {
      throw new IllegalStateException("the counter store is gone");
    }

    @Override
    public void reset(RateRule rule, String key) {
      throw new IllegalStateException("the counter store is gone");
    }
  }

  @Test
  void aPortThatFailsPartWayReleasesTheSlotsAlreadyTakenBeforeTheFailureGoesOn() {
    InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry();
    SequentialReservations reservations = new SequentialReservations(new BrokenCounters(), registry);
    RateRule attempts = new RateRule("attempts", 10, Duration.ofSeconds(60));

    assertThatThrownBy(() -> reservations.commit(List.of(Reservation.slot(LeaseScope.TOTAL, "", 10),
        Reservation.attempt(attempts, "203.0.113.5", 1)))).hasMessage("the counter store is gone");

    assertThat(registry.leased(LeaseScope.TOTAL, "")).isZero();
  }
}
