package dev.portcullis.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Who a connection belongs to, as its token said. Immutable and thread-safe.
 *
 * @param subject   the token's {@code sub}
 * @param session   the token's {@code sid}, or {@code null}
 * @param roles     the token's {@code roles} (an array, or a space-separated string)
 * @param tokenId   the token's {@code jti}, or {@code null}
 * @param issuedAt  the token's {@code iat}, or {@code null}
 * @param expiresAt the token's {@code exp}; {@code null} only for a principal that no token backs
 *                  (the development bypass)
 */
public record Principal(
    String subject, String session, Set<String> roles, String tokenId, Instant issuedAt, Instant expiresAt) {

  public Principal {
    Objects.requireNonNull(subject, "subject");
    roles = Set.copyOf(roles);
  }

  /** A principal with no token behind it (the development bypass). */
  public static Principal untokened(String subject) {
    return new Principal(subject, null, Set.of(), null, null, null);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
