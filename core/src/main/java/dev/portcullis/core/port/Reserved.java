package dev.portcullis.core.port;

import java.util.Objects;

/** What committing one {@link Reservation} came to. Immutable and thread-safe. */
public sealed interface Reserved permits Reserved.Counted, Reserved.Leased, Reserved.Full {

  /** Whether the reservation was granted. */
  boolean granted();

  /**
   * An attempt was judged.
   *
   * @param refusals for a refused attempt counting its refusals: the refusals counted so far, this one
   *                 included (the refusal rule's limit once it is spent); otherwise 0
   */
  record Counted(RateDecision decision, long refusals) implements Reserved {
    public Counted {
      Objects.requireNonNull(decision, "decision");
    }

    @Override
    public boolean granted() {
      return decision.allowed();
    }

    /** The refusals counted so far under a refusal rule, given its decision on the latest one. */
    public static long refusalsAfter(RateDecision knocks) {
      return knocks.allowed() ? knocks.limit() - knocks.remaining() : knocks.limit();
    }
  }

  /** A slot was granted; the connection holds {@code lease} until it ends. */
  record Leased(Lease lease) implements Reserved {
    public Leased {
      Objects.requireNonNull(lease, "lease");
    }

    @Override
    public boolean granted() {
      return true;
    }
  }

  /** A slot was refused: the limit was reached. */
  record Full() implements Reserved {
    @Override
    public boolean granted() {
      return false;
    }
  }
}
