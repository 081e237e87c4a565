package dev.portcullis.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.testing.Concurrently;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Reservations} must do: the answer of taking the reservations one after the other,
 * stopping after the first binding refusal, on the same state as its {@link RateLimitPort} and
 * {@link ConnectionRegistry}. An adapter's test extends this class and supplies the three.
 */
public abstract class ReservationsContract {

  private static final RateRule ATTEMPTS = new RateRule("attempts", 2, Duration.ofSeconds(60));
  private static final RateRule REFUSALS = new RateRule("attempts-refused", 16, Duration.ofSeconds(60));

  /** The three ports of one fresh, empty state. */
  public record State(Reservations reservations, RateLimitPort counters, ConnectionRegistry registry) {}

  protected MutableClock clock;
  private State state;

  protected abstract State newState(MutableClock clock);

  @BeforeEach
  void createState() {
    clock = MutableClock.aligned();
    state = newState(clock);
  }

  private List<Reserved> commit(Reservation... reservations) {
    return state.reservations().commit(List.of(reservations));
  }

  @Test
  void takesEveryReservationWhenAllAreGranted() {
    List<Reserved> results = commit(Reservation.slot(LeaseScope.TOTAL, "", 10),
        Reservation.attempt(ATTEMPTS, "203.0.113.5", 1).countingRefusals(REFUSALS),
        Reservation.slot(LeaseScope.ADDRESS, "203.0.113.5", 10), Reservation.slot(LeaseScope.SUBJECT, "alice", 10));

    assertThat(results).hasSize(4).allSatisfy(r -> assertThat(r.granted()).isTrue());
    assertThat(results.get(1)).isInstanceOfSatisfying(Reserved.Counted.class, c -> {
      assertThat(c.decision().remaining()).isEqualTo(1);
      assertThat(c.refusals()).isZero();
    });
    assertThat(state.registry().leased(LeaseScope.ADDRESS, "203.0.113.5")).isEqualTo(1);
    assertThat(state.registry().leased(LeaseScope.SUBJECT, "alice")).isEqualTo(1);
    assertThat(state.registry().leased(LeaseScope.TOTAL, "")).isEqualTo(1);
  }

  @Test
  void stopsAfterTheFirstBindingRefusalAndTakesNothingAfterIt() {
    commit(Reservation.attempt(ATTEMPTS, "203.0.113.5", 2));

    List<Reserved> results = commit(Reservation.slot(LeaseScope.TOTAL, "", 10),
        Reservation.attempt(ATTEMPTS, "203.0.113.5", 1).countingRefusals(REFUSALS),
        Reservation.slot(LeaseScope.ADDRESS, "203.0.113.5", 10));

    assertThat(results).hasSize(2);
    assertThat(results.get(0)).isInstanceOf(Reserved.Leased.class);
    assertThat(results.get(1)).isInstanceOfSatisfying(Reserved.Counted.class, c -> {
      assertThat(c.granted()).isFalse();
      assertThat(c.decision().retryAfter()).isPositive();
      assertThat(c.refusals()).isEqualTo(1);
    });
    assertThat(state.registry().leased(LeaseScope.ADDRESS, "203.0.113.5")).isZero();
  }

  @Test
  void countsEachRefusalOfAnAttemptThatCountsThem() {
    commit(Reservation.attempt(ATTEMPTS, "203.0.113.5", 2));
    Reservation knock = Reservation.attempt(ATTEMPTS, "203.0.113.5", 1).countingRefusals(REFUSALS);

    commit(knock);
    commit(knock);
    List<Reserved> third = commit(knock);

    assertThat(third).singleElement().isInstanceOfSatisfying(Reserved.Counted.class,
        c -> assertThat(c.refusals()).isEqualTo(3));
  }

  @Test
  void aReportOnlyRefusalDoesNotEndTheBatch() {
    state.registry().tryLease(LeaseScope.ADDRESS, "203.0.113.5", 1).orElseThrow();

    List<Reserved> results = commit(Reservation.slot(LeaseScope.ADDRESS, "203.0.113.5", 1).reportOnly(),
        Reservation.slot(LeaseScope.SUBJECT, "alice", 1));

    assertThat(results).extracting(Reserved::granted).containsExactly(false, true);
  }

  @Test
  void aSlotReservedIsReleasedByItsLease() {
    Reserved.Leased leased = (Reserved.Leased) commit(Reservation.slot(LeaseScope.SUBJECT, "alice", 1)).get(0);
    assertThat(commit(Reservation.slot(LeaseScope.SUBJECT, "alice", 1))).singleElement()
        .isInstanceOf(Reserved.Full.class);

    leased.lease().release();

    assertThat(commit(Reservation.slot(LeaseScope.SUBJECT, "alice", 1))).singleElement()
        .isInstanceOf(Reserved.Leased.class);
  }

  @Test
  void concurrentBatchesGrantExactlyTheLimit() throws Exception {
    AtomicInteger granted = new AtomicInteger();

    Concurrently.run(8, thread -> {
      for (int i = 0; i < 5; i++) {
        List<Reserved> results = commit(Reservation.attempt(new RateRule("attempts", 12, Duration.ofSeconds(60)),
            "203.0.113.9", 1), Reservation.slot(LeaseScope.ADDRESS, "203.0.113.9", 1_000));
        if (results.size() == 2 && results.get(1).granted()) {
          granted.incrementAndGet();
        }
      }
    });

    assertThat(granted).hasValue(12);
    assertThat(state.registry().leased(LeaseScope.ADDRESS, "203.0.113.9")).isEqualTo(12);
  }
}
