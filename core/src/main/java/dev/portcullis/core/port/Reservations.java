package dev.portcullis.core.port;

import java.util.List;

/**
 * Commits the reservations of one handshake in one call: the result is exactly what taking them one
 * after the other would give, but an adapter may send them together (Redis: one round trip). Thread-safe.
 */
public interface Reservations {

  /**
   * Takes {@code reservations} in order and stops after the first {@linkplain Reservation#binding() binding}
   * one that is refused; the reservations after it are not taken.
   *
   * @return one result per reservation taken, in order: all of them, or up to and including the refusal
   */
  List<Reserved> commit(List<Reservation> reservations);
}
