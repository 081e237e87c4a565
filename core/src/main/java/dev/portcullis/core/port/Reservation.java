package dev.portcullis.core.port;

import java.util.Objects;

/**
 * Something a connection policy needs from shared state before it can decide: an attempt on a counting
 * rule, or a connection slot. Policies hand reservations to the pipeline instead of calling the ports
 * themselves, so that the pipeline can commit every reservation of a handshake in one call to
 * {@link Reservations} (one Redis round trip instead of one per policy). Immutable and thread-safe.
 */
public sealed interface Reservation permits Reservation.Attempt, Reservation.Slot {

  /**
   * Whether a refusal of this reservation ends the batch: true unless the pipeline made it report-only
   * ({@code WS_DRY_RUN}), in which case the reservations after it are still taken.
   */
  boolean binding();

  /** This reservation, refused without ending the batch. */
  Reservation reportOnly();

  /** Spends {@code units} of {@code rule} for {@code key}, as {@link RateLimitPort#tryConsume} does. */
  static Attempt attempt(RateRule rule, String key, long units) {
    return new Attempt(rule, key, units, null, true);
  }

  /** Takes a slot of {@code scope}/{@code key} if fewer than {@code limit} are held, as {@link ConnectionRegistry#tryLease} does. */
  static Slot slot(LeaseScope scope, String key, int limit) {
    return new Slot(scope, key, limit, true);
  }

  /**
   * An attempt on a counting rule.
   *
   * @param refusals when not null, a refused attempt also spends one unit of this rule for the same key,
   *                 in the same step (how many times a limited client kept knocking: progressive delay)
   */
  record Attempt(RateRule rule, String key, long units, RateRule refusals, boolean binding) implements Reservation {

    public Attempt {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(key, "key");
      if (units < 1) {
        throw new IllegalArgumentException("an attempt on rule " + rule.name() + " spends at least 1 unit, not " + units);
      }
    }

    /** This attempt, counting a refusal under {@code rule} too. */
    public Attempt countingRefusals(RateRule rule) {
      return new Attempt(this.rule, key, units, Objects.requireNonNull(rule, "rule"), binding);
    }

    @Override
    public Attempt reportOnly() {
      return new Attempt(rule, key, units, refusals, false);
    }
  }

  /** A connection slot, held until the connection ends. */
  record Slot(LeaseScope scope, String key, int limit, boolean binding) implements Reservation {

    public Slot {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Slot reportOnly() {
      return new Slot(scope, key, limit, false);
    }
  }
}
