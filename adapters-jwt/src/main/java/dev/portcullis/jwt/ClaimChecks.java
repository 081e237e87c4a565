package dev.portcullis.jwt;

import dev.portcullis.core.config.JwtConfig;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthResult;
import io.jsonwebtoken.Claims;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The claim rules jjwt leaves to us, on claims whose signature is already verified: {@code exp}
 * required and {@code exp == now} expired (RFC 7519 §4.1.4: "on or after"), {@code nbf} and
 * {@code iat} not in the future, {@code iss} exact, {@code aud} containing ours, {@code azp} among the
 * authorized parties, a {@code sub}. Every time comparison allows the configured skew. Immutable and
 * thread-safe.
 */
final class ClaimChecks {

  private final String issuer;
  private final String audience;
  private final Set<String> authorizedParties;
  private final Duration skew;

  ClaimChecks(JwtConfig config) {
    this.issuer = config.issuer();
    this.audience = config.audience();
    this.authorizedParties = config.authorizedParties();
    this.skew = config.clockSkew();
  }

  /**
   * The principal the claims name, or the first rule they break.
   *
   * @throws RuntimeException (from jjwt) when a registered claim has the wrong type; callers map it
   */
  AuthResult check(Claims claims, Instant now) {
    Date exp = claims.getExpiration();
    if (exp == null) {
      return refuse(AuthFailure.MISSING_EXPIRY);
    }
    if (!now.minus(skew).isBefore(exp.toInstant())) {
      return refuse(AuthFailure.EXPIRED);
    }
    Date nbf = claims.getNotBefore();
    if (nbf != null && nbf.toInstant().isAfter(now.plus(skew))) {
      return refuse(AuthFailure.NOT_YET_VALID);
    }
    Date iat = claims.getIssuedAt();
    if (iat != null && iat.toInstant().isAfter(now.plus(skew))) {
      return refuse(AuthFailure.ISSUED_IN_FUTURE);
    }
    if (issuer != null && !issuer.equals(claims.getIssuer())) {
      return refuse(AuthFailure.WRONG_ISSUER);
    }
    if (audience != null && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
      return refuse(AuthFailure.WRONG_AUDIENCE);
    }
    if (!authorizedParties.isEmpty() && !(claims.get("azp") instanceof String azp
        && authorizedParties.contains(azp))) {
      return refuse(AuthFailure.WRONG_AUTHORIZED_PARTY);
    }
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      return refuse(AuthFailure.MISSING_SUBJECT);
    }
    return new AuthResult.Authenticated(new Principal(subject, text(claims, "sid"), roles(claims.get("roles")),
        claims.getId(), iat == null ? null : iat.toInstant(), exp.toInstant()));
  }

  /** {@code roles}: an array of strings, or one space-separated string; anything else gives none. */
  static Set<String> roles(Object claim) {
    Set<String> roles = new LinkedHashSet<>();
    if (claim instanceof String s) {
      for (String role : s.trim().split("\\s+")) {
        if (!role.isEmpty()) {
          roles.add(role);
        }
      }
    } else if (claim instanceof Collection<?> c) {
      for (Object role : c) {
        if (role instanceof String s && !s.isBlank()) {
          roles.add(s);
        }
      }
    }
    return roles;
  }

  private static String text(Claims claims, String name) {
    return claims.get(name) instanceof String s ? s : null;
  }

  private static AuthResult refuse(AuthFailure reason) {
    return new AuthResult.Rejected(reason);
  }
}
