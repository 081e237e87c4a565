package dev.portcullis.core.policy;

import dev.portcullis.core.port.Reservation;
import dev.portcullis.core.port.Reserved;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a policy decides: let the request go on, refuse it with a code, or hold it for a while before
 * the next policy looks at it. A connection policy may also decide later: once a reservation it needs
 * from shared state is committed ({@link Reserve}), or once the policies before it are known to admit
 * ({@link Deferred}); the handshake pipeline commits the reservations of every policy in one batch.
 * Violations are values, never exceptions. Immutable and thread-safe.
 */
public sealed interface Verdict permits Verdict.Allow, Verdict.Refuse, Verdict.Delay, Verdict.Reserve,
    Verdict.Deferred {

  /** Go on to the next policy. */
  static Verdict allow() {
    return Allow.INSTANCE;
  }

  /** Refuse with {@code code} (the body's {@code error}) and an HTTP {@code status}. */
  static Refuse refuse(String code, int status) {
    return new Refuse(code, status, Map.of(), Duration.ZERO);
  }

  /**
   * Refuse a message with {@code code} (CONTRACT §3); messages have no HTTP status. Policies keep
   * their refusals in constants, so refusing allocates nothing.
   */
  static Refuse refuseMessage(String code) {
    return new Refuse(code, 0, Map.of(), Duration.ZERO);
  }

  /** Hold the request for {@code duration}, then go on to the next policy. */
  static Verdict delay(Duration duration) {
    return new Delay(duration);
  }

  /**
   * Connection policies only: decide with {@code judge} once {@code reservation} is committed. The judge
   * answers {@link #allow()} or a refusal; a granted slot is already held by the handshake when it runs.
   */
  static Verdict reserve(Reservation reservation, Function<Reserved, Verdict> judge) {
    return new Reserve(reservation, judge);
  }

  /**
   * Connection policies only: decide with {@code judge} when the pipeline reaches this policy with no
   * refusal before it, the reservations of earlier policies included. For a refusal with consequences
   * (counting a failed authentication) that must not happen when an earlier limit refuses the handshake.
   */
  static Verdict deferred(Supplier<Verdict> judge) {
    return new Deferred(judge);
  }

  /** The one allowing verdict. */
  enum Allow implements Verdict { INSTANCE }

  /**
   * A refusal.
   *
   * @param code        stable, client-facing code such as {@code rate_limited}
   * @param status      the HTTP status of a handshake refusal (0 for a message refusal)
   * @param headers     extra response headers ({@code Retry-After}, {@code RateLimit-*}, ...)
   * @param answerAfter how long to hold the answer (progressive throttling); zero answers at once
   */
  record Refuse(String code, int status, Map<String, String> headers, Duration answerAfter) implements Verdict {

    public Refuse {
      Objects.requireNonNull(code, "code");
      headers = Map.copyOf(headers);
      Objects.requireNonNull(answerAfter, "answerAfter");
    }

    /** This refusal with one more response header. */
    public Refuse withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Refuse(code, status, more, answerAfter);
    }

    /** This refusal with {@code Retry-After} set to {@code wait}, rounded up to whole seconds (at least 1). */
    public Refuse retryAfter(Duration wait) {
      return withHeader("Retry-After", Long.toString(Math.max(1, ceilSeconds(wait))));
    }

    /** This refusal, answered only after {@code delay}. */
    public Refuse answeredAfter(Duration delay) {
      return new Refuse(code, status, headers, delay);
    }

    /** Whole seconds in {@code d}, rounded up. */
    public static long ceilSeconds(Duration d) {
      long s = d.getSeconds();
      return d.getNano() > 0 ? s + 1 : s;
    }
  }

  /** Hold the request for {@code duration} before the next policy. */
  record Delay(Duration duration) implements Verdict {
    public Delay {
      if (duration.isNegative()) {
        throw new IllegalArgumentException("a delay cannot be negative: " + duration);
      }
    }
  }

  /** Decide once {@code reservation} is committed; see {@link Verdict#reserve}. */
  record Reserve(Reservation reservation, Function<Reserved, Verdict> judge) implements Verdict {
    public Reserve {
      Objects.requireNonNull(reservation, "reservation");
      Objects.requireNonNull(judge, "judge");
    }
  }

  /** Decide when every earlier policy admits; see {@link Verdict#deferred}. */
  record Deferred(Supplier<Verdict> judge) implements Verdict {
    public Deferred {
      Objects.requireNonNull(judge, "judge");
    }
  }
}
