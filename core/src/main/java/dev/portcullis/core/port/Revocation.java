package dev.portcullis.core.port;

import dev.portcullis.core.model.Principal;
import java.time.Instant;
import java.util.Objects;

/**
 * A revoked token, or every token of a subject issued before a time. Immutable and thread-safe.
 *
 * @param kind         what {@code value} names
 * @param value        the token's {@code jti}, or the subject
 * @param issuedBefore for {@link Kind#SUBJECT}: tokens issued before this instant are revoked; {@code null}
 *                     for {@link Kind#TOKEN}
 * @param reason       an operator's words
 * @param since        when the revocation was made
 * @param until        when it may be forgotten (no token it covers can still be valid then)
 */
public record Revocation(Kind kind, String value, Instant issuedBefore, String reason, Instant since, Instant until) {

  public enum Kind { TOKEN, SUBJECT }

  public Revocation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a revocation names a token id or a subject; the value is empty");
    }
    if ((kind == Kind.SUBJECT) != (issuedBefore != null)) {
      throw new IllegalArgumentException("issuedBefore is required for a subject revocation and only for one");
    }
  }

  /**
   * Whether this revocation covers {@code principal}'s token: the same {@code jti}, or the same subject
   * with an {@code iat} before {@link #issuedBefore}. A token without {@code iat} cannot show it was
   * issued afterwards, so a subject revocation covers it (fail closed).
   */
  public boolean covers(Principal principal) {
    if (kind == Kind.TOKEN) {
      return value.equals(principal.tokenId());
    }
    Instant issuedAt = principal.issuedAt();
    return value.equals(principal.subject()) && (issuedAt == null || issuedAt.isBefore(issuedBefore));
  }

  /**
   * This revocation merged with a later one of the same token or subject: the wider of the two, so that
   * a second revocation can never narrow the first (the later {@code issuedBefore}, the later
   * {@code until}; the newer reason and time).
   *
   * @throws IllegalArgumentException when {@code later} is of another kind or names another value
   */
  public Revocation widenedBy(Revocation later) {
    if (later.kind != kind || !later.value.equals(value)) {
      throw new IllegalArgumentException("only revocations of the same " + kind + " can be merged");
    }
    Instant before = kind == Kind.TOKEN ? null : latest(issuedBefore, later.issuedBefore);
    return new Revocation(kind, value, before, later.reason, later.since, latest(until, later.until));
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
