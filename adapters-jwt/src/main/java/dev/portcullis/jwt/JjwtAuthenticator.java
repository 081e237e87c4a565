package dev.portcullis.jwt;

import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.config.ConfigViolation;
import dev.portcullis.core.config.ConfigurationException;
import dev.portcullis.core.config.JwtConfig;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.port.HealthCheck;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.security.Key;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AuthPort} on jjwt: verifies a bearer token against the configured key source (HMAC
 * secret, PEM public key or JWKS), the algorithm allow-list and the claim rules, and caches the
 * principals of good tokens. Construction validates what configuration validation cannot (the PEM, the
 * algorithms against the key, the JDK's ECDSA) and throws {@link ConfigurationException}. Neither the
 * token nor a jjwt message ever reaches a log line; only the failure code does, at debug. Thread-safe.
 */
public final class JjwtAuthenticator implements AuthPort {

  private static final Logger LOG = LoggerFactory.getLogger(JjwtAuthenticator.class);

  private final Clock clock;
  private final KeySource keys;
  private final Set<String> allowed;
  private final TokenGate gate;
  private final JwtParser parser;
  private final ClaimChecks claims;
  private final TokenCache cache;
  private final Optional<Principal> bypass;

  /**
   * @throws ConfigurationException when the key or the algorithms cannot work
   */
  public JjwtAuthenticator(AuthConfig config, Clock clock) {
    this(config, clock, keySource(config.jwt(), clock));
  }

  /** With a key source of the caller's choice: the seam tests use to count key look-ups. */
  JjwtAuthenticator(AuthConfig config, Clock clock, KeySource keys) {
    this.clock = clock;
    this.keys = keys;
    this.allowed = allowedAlgorithms(config.jwt(), keys.fittingAlgorithms());
    PsychicSignatureCheck.requireSafe(allowed);
    this.gate = new TokenGate(allowed);
    this.parser = parser(config.jwt(), allowed, keys, clock);
    this.claims = new ClaimChecks(config.jwt());
    this.cache = new TokenCache(config.tokenCacheTtl(), clock);
    this.bypass = config.bypass() ? Optional.of(Principal.untokened(config.devUserId())) : Optional.empty();
  }

  @Override
  public AuthResult authenticate(BearerToken token) {
    String compact = token.value().strip();
    if (compact.isEmpty()) {
      return refuse(AuthFailure.MISSING);
    }
    if (compact.length() > TokenGate.MAX_TOKEN_CHARS) {
      return refuse(AuthFailure.MALFORMED); // before hashing or parsing anything
    }
    if (allowed.isEmpty()) {
      return refuse(AuthFailure.KEYS_UNAVAILABLE); // no key configured: nothing can be verified
    }
    TokenCache.Digest digest = cache.enabled() ? TokenCache.Digest.of(compact) : null;
    Principal cached = digest == null ? null : cache.get(digest);
    if (cached != null) {
      return new AuthResult.Authenticated(cached);
    }
    Optional<AuthFailure> refused = gate.check(compact);
    if (refused.isPresent()) {
      return refuse(refused.get());
    }
    AuthResult result;
    try {
      Claims verified = parser.parseSignedClaims(compact).getPayload();
      result = claims.check(verified, clock.instant());
    } catch (RuntimeException e) {
      return refuse(JjwtFailures.of(e));
    }
    if (result instanceof AuthResult.Authenticated ok && digest != null) {
      cache.put(digest, ok.principal());
    } else if (result instanceof AuthResult.Rejected no) {
      LOG.debug("token refused: {}", no.reason().code());
    }
    return result;
  }

  @Override
  public Optional<Principal> withoutToken() {
    return bypass;
  }

  /** Whether the verification keys are at hand, for {@code /health}. */
  HealthCheck.Status keyStatus() {
    return keys.status();
  }

  /** The algorithms tokens may use, for tests and diagnostics. */
  Set<String> allowedAlgorithms() {
    return allowed;
  }

  private static AuthResult refuse(AuthFailure reason) {
    LOG.debug("token refused: {}", reason.code());
    return new AuthResult.Rejected(reason);
  }

  private static KeySource keySource(JwtConfig jwt, Clock clock) {
    if (jwt.secret() != null) {
      return new SecretKeySource(jwt.secret());
    }
    if (jwt.publicKeyPem() != null) {
      return new PublicKeySource(jwt.publicKeyPem());
    }
    if (jwt.jwksUrl() != null) {
      Set<String> algorithms = jwt.algorithms().isEmpty() ? KeyAlgorithms.ASYMMETRIC : jwt.algorithms();
      return new JwksKeySource(jwt, algorithms, clock);
    }
    return new NoKeySource();
  }

  /**
   * {@code WS_JWT_ALGORITHMS} when set, each of which must fit the key; otherwise every algorithm the
   * key fits. Never {@code none}: it is not a known algorithm.
   */
  private static Set<String> allowedAlgorithms(JwtConfig jwt, Set<String> fitting) {
    if (jwt.algorithms().isEmpty() || fitting.isEmpty()) {
      return Set.copyOf(fitting);
    }
    List<ConfigViolation> wrong = new ArrayList<>();
    for (String alg : new TreeSet<>(jwt.algorithms())) {
      if (!fitting.contains(alg) || !JwtConfig.KNOWN_ALGORITHMS.contains(alg)) {
        String rule = "'" + alg + "' does not fit the configured key, which can verify "
            + String.join(", ", new TreeSet<>(fitting));
        if (KeyAlgorithms.HMAC.contains(alg)) {
          rule += " (" + alg + " needs a WS_JWT_SECRET of at least " + KeyAlgorithms.minimumSecretBytes(alg)
              + " bytes)";
        }
        wrong.add(new ConfigViolation("WS_JWT_ALGORITHMS", String.join(",", new TreeSet<>(jwt.algorithms())), rule));
      }
    }
    if (!wrong.isEmpty()) {
      throw new ConfigurationException(wrong);
    }
    return Set.copyOf(jwt.algorithms());
  }

  /**
   * jjwt enforces the same allow-list again (its {@code sig()} registry holds only the allowed
   * algorithms), never accepts unsecured or compressed tokens, and gets its keys from the source.
   */
  private static JwtParser parser(JwtConfig jwt, Set<String> allowed, KeySource keys, Clock clock) {
    List<SecureDigestAlgorithm<?, ?>> algorithms = new ArrayList<>();
    for (String alg : allowed) {
      algorithms.add(Jwts.SIG.get().forKey(alg));
    }
    return Jwts.parser()
        .sig().clear().add(algorithms).and()
        .zip().clear().and()
        .keyLocator(header -> locate(keys, header))
        .clock(() -> Date.from(clock.instant()))
        .clockSkewSeconds(jwt.clockSkew().toSeconds())
        .build();
  }

  private static Key locate(KeySource keys, io.jsonwebtoken.Header header) {
    String kid = header instanceof ProtectedHeader p ? p.getKeyId() : null;
    return keys.find(header.getAlgorithm(), kid);
  }
}
