package dev.portcullis.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * A revoked token, or every token of a subject issued before a time.
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
    if ((kind == Kind.SUBJECT) != (issuedBefore != null)) {
      throw new IllegalArgumentException("issuedBefore is required for a subject revocation and only for one");
    }
  }
}
