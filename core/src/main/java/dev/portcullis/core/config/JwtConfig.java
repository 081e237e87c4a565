package dev.portcullis.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * How tokens are verified: exactly one key source (an HMAC secret, a PEM public key, or a JWKS URL)
 * and the claims every token must carry.
 *
 * @param publicKeyPem the PEM text itself ({@code file:} paths are read when the environment is read)
 * @param algorithms   the allowed {@code alg} values; empty means "those that fit the key"
 */
public record JwtConfig(
    @Variable("WS_JWT_SECRET") Secret secret,
    @Variable("WS_JWT_PUBLIC_KEY") String publicKeyPem,
    @Variable("WS_JWKS_URL") URI jwksUrl,
    @Variable("WS_JWT_ISSUER") String issuer,
    @Variable("WS_JWT_AUDIENCE") String audience,
    @Variable("WS_JWT_AUTHORIZED_PARTIES") Set<String> authorizedParties,
    @Variable("WS_JWT_ALGORITHMS") Set<String> algorithms,
    @Variable("WS_JWT_CLOCK_SKEW") @DurationMin(seconds = 0) @DurationMax(seconds = 300) Duration clockSkew,
    @Variable("WS_JWKS_REFRESH_INTERVAL") @DurationMin(seconds = 10) Duration jwksRefreshInterval,
    @Variable("WS_JWKS_MIN_REFETCH_INTERVAL") @DurationMin(seconds = 1) Duration jwksMinRefetchInterval,
    @Variable("WS_JWKS_MAX_STALENESS") @DurationMin(seconds = 60) Duration jwksMaxStaleness) {

  /** Every {@code alg} Portcullis can verify; {@code none} is not among them, ever. */
  public static final Set<String> KNOWN_ALGORITHMS = Set.of(
      "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
      "ES256", "ES384", "ES512", "EdDSA");

  public JwtConfig {
    authorizedParties = Set.copyOf(authorizedParties);
    algorithms = Set.copyOf(algorithms);
  }

  /** How many key sources are configured; a valid configuration that needs tokens has exactly one. */
  public int keySources() {
    return (secret != null ? 1 : 0) + (publicKeyPem != null ? 1 : 0) + (jwksUrl != null ? 1 : 0);
  }
}
