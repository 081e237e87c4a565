package dev.portcullis.core.engine;

import dev.portcullis.core.port.Reservation;
import dev.portcullis.core.port.Reservations;
import dev.portcullis.core.port.Reserved;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Commits through a real {@link Reservations} and records every batch it was given. Thread-safe. */
final class CountingReservations implements Reservations {

  private final Reservations delegate;
  private final List<List<Reservation>> batches = new CopyOnWriteArrayList<>();

  CountingReservations(Reservations delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<Reserved> commit(List<Reservation> reservations) {
    batches.add(List.copyOf(reservations));
    return delegate.commit(reservations);
  }

  /** The batches committed so far, in order. */
  List<List<Reservation>> batches() {
    return List.copyOf(batches);
  }
}
