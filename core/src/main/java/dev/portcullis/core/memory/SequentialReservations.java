package dev.portcullis.core.memory;

import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.RateDecision;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.Reservation;
import dev.portcullis.core.port.Reservations;
import dev.portcullis.core.port.Reserved;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Reservations} by asking the node's {@link RateLimitPort} and {@link ConnectionRegistry} once per
 * reservation, one after the other: the default, and exact with any pair of ports. On in-memory ports it
 * costs no I/O at all; an adapter whose ports cross a network binds a batching implementation instead.
 * Thread-safe.
 */
public final class SequentialReservations implements Reservations {

  private static final Reserved FULL = new Reserved.Full();
  private final RateLimitPort counters;
  private final ConnectionRegistry registry;

  public SequentialReservations(RateLimitPort counters, ConnectionRegistry registry) {
    this.counters = counters;
    this.registry = registry;
  }

  /**
   * {@inheritDoc}
   *
   * <p>When a port fails part-way, the slots already taken are released before the failure goes on: the
   * caller gets no results, so nobody else could.
   */
  @Override
  public List<Reserved> commit(List<Reservation> reservations) {
    List<Reserved> results = new ArrayList<>(reservations.size());
    try {
      for (Reservation reservation : reservations) {
        Reserved result = take(reservation);
        results.add(result);
        if (!result.granted() && reservation.binding()) {
          break;
        }
      }
    } catch (RuntimeException e) {
      for (Reserved taken : results) {
        if (taken instanceof Reserved.Leased leased) {
          leased.lease().release();
        }
      }
      throw e;
    }
    return results;
  }

  private Reserved take(Reservation reservation) {
    if (reservation instanceof Reservation.Attempt attempt) {
      RateDecision decision = counters.tryConsume(attempt.rule(), attempt.key(), attempt.units());
      if (decision.allowed() || attempt.refusals() == null) {
        return new Reserved.Counted(decision, 0);
      }
      RateDecision knocks = counters.tryConsume(attempt.refusals(), attempt.key(), 1);
      return new Reserved.Counted(decision, Reserved.Counted.refusalsAfter(knocks));
    }
    Reservation.Slot slot = (Reservation.Slot) reservation;
    Optional<Lease> lease = registry.tryLease(slot.scope(), slot.key(), slot.limit());
    return lease.<Reserved>map(Reserved.Leased::new).orElse(FULL);
  }
}
