package dev.portcullis.quickstart;

import dev.portcullis.core.config.JwtConfig;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.MacAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints HS256 tokens that a node configured with the same {@code WS_JWT_SECRET} accepts: the claims the
 * node requires ({@code sub}, {@code exp}) plus its issuer, audience and first authorized party when it
 * demands them. Immutable and thread-safe.
 */
final class QuickstartTokens {

  private final JwtConfig jwt;
  private final Clock clock;

  QuickstartTokens(JwtConfig jwt, Clock clock) {
    if (jwt.secret() == null) {
      throw new IllegalArgumentException("an HMAC secret is needed to mint tokens");
    }
    this.jwt = jwt;
    this.clock = clock;
  }

  /**
   * A signed token for {@code subject}.
   *
   * @param roles   the {@code roles} claim; left out when empty
   * @param session the {@code sid} claim, or {@code null}
   */
  @SuppressWarnings("deprecation") // single(): a plain-string aud, the form most issuers write
  String mint(String subject, List<String> roles, String session, Duration lifetime) {
    Instant now = clock.instant();
    JwtBuilder token = Jwts.builder()
        .subject(subject)
        .id(UUID.randomUUID().toString())
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(lifetime)));
    if (!roles.isEmpty()) {
      token.claim("roles", roles);
    }
    if (session != null) {
      token.claim("sid", session);
    }
    if (jwt.issuer() != null) {
      token.issuer(jwt.issuer());
    }
    if (jwt.audience() != null) {
      token.audience().single(jwt.audience());
    }
    if (!jwt.authorizedParties().isEmpty()) {
      token.claim("azp", jwt.authorizedParties().stream().sorted().findFirst().orElseThrow());
    }
    byte[] key = jwt.secret().value().getBytes(StandardCharsets.UTF_8);
    String alg = algorithm();
    return token.signWith(new SecretKeySpec(key, "HmacSHA" + alg.substring(2)), (MacAlgorithm) Jwts.SIG.get().forKey(alg))
        .compact();
  }

  /** HS256, unless {@code WS_JWT_ALGORITHMS} allows only stronger HMAC algorithms. */
  private String algorithm() {
    for (String alg : List.of("HS256", "HS384", "HS512")) {
      if (jwt.algorithms().isEmpty() || jwt.algorithms().contains(alg)) {
        return alg;
      }
    }
    return "HS256"; // a node allowing no HMAC algorithm refuses every secret-signed token anyway
  }
}
