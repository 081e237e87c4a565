package dev.portcullis.testkit;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints JWTs for tests and tools, signed the way a Portcullis node verifies them: HMAC from the same
 * secret string as {@code WS_JWT_SECRET} (its UTF-8 bytes), or a private key (RSA, EC, EdDSA) whose
 * public half the node knows.
 *
 * <pre>{@code
 * TokenMinter minter = TokenMinter.hmac(SECRET).issuer("https://issuer.test");
 * String token = minter.subject("alice").roles("admin").expiresIn(Duration.ofMinutes(5)).mint();
 * }</pre>
 *
 * <p>Every setter returns a new minter, so a configured minter can be shared as a constant. By
 * default a token has {@code iat} = now (from the {@link Clock}) and {@code exp} one hour later.
 * Immutable and thread-safe.
 */
public final class TokenMinter {

  /** The lifetime of a token when none is set. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  private final Key key;
  private final Spec spec;

  private TokenMinter(Key key, Spec spec) {
    this.key = key;
    this.spec = spec;
  }

  /** Signs with HMAC over the UTF-8 bytes of {@code secret} (HS256 unless {@link #algorithm} says otherwise). */
  public static TokenMinter hmac(String secret) {
    Objects.requireNonNull(secret, "secret");
    return hmacKey(secret.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Signs with HMAC over raw key bytes. Also how an attacker abuses a server's public key as an HMAC
   * secret (RFC 8725 §2.1): pass the PEM text's bytes.
   */
  public static TokenMinter hmacKey(byte[] keyBytes) {
    Spec spec = new Spec();
    spec.algorithm = "HS256";
    return new TokenMinter(new SecretKeySpec(keyBytes.clone(), "HmacSHA256"), spec);
  }

  /** Signs with a private key; the algorithm follows the key (RS256 for RSA 2048, ES256 for P-256, EdDSA). */
  public static TokenMinter privateKey(PrivateKey key) {
    return new TokenMinter(Objects.requireNonNull(key, "key"), new Spec());
  }

  /** The JWS {@code alg} to sign with, e.g. {@code HS512} or {@code PS256}; it must fit the key. */
  public TokenMinter algorithm(String alg) {
    return with(s -> s.algorithm = Objects.requireNonNull(alg, "alg"));
  }

  /** The clock that {@code iat}, {@code exp} and {@link #expiresIn} count from. */
  public TokenMinter clock(Clock clock) {
    return with(s -> s.clock = Objects.requireNonNull(clock, "clock"));
  }

  public TokenMinter subject(String subject) {
    return with(s -> s.claims.put("sub", subject));
  }

  /** The {@code roles} claim, as a JSON array. */
  public TokenMinter roles(String... roles) {
    return with(s -> s.claims.put("roles", List.of(roles)));
  }

  /** The session id claim {@code sid}. */
  public TokenMinter sid(String sid) {
    return with(s -> s.claims.put("sid", sid));
  }

  /** The token id claim {@code jti}. */
  public TokenMinter jti(String jti) {
    return with(s -> s.claims.put("jti", jti));
  }

  public TokenMinter issuer(String issuer) {
    return with(s -> s.claims.put("iss", issuer));
  }

  /** {@code aud} as a single string. */
  public TokenMinter audience(String audience) {
    return with(s -> s.claims.put("aud", audience));
  }

  /** {@code aud} as a JSON array. */
  public TokenMinter audience(List<String> audiences) {
    return with(s -> s.claims.put("aud", List.copyOf(audiences)));
  }

  /** The authorized party claim {@code azp} (Clerk puts the frontend origin there). */
  public TokenMinter azp(String authorizedParty) {
    return with(s -> s.claims.put("azp", authorizedParty));
  }

  /** A fixed {@code iat}; by default it is the clock's now. */
  public TokenMinter issuedAt(Instant issuedAt) {
    return with(s -> {
      s.issuedAt = issuedAt;
      s.omitIssuedAt = false;
    });
  }

  /** Leaves {@code iat} out. */
  public TokenMinter withoutIssuedAt() {
    return with(s -> s.omitIssuedAt = true);
  }

  public TokenMinter notBefore(Instant notBefore) {
    return with(s -> s.notBefore = notBefore);
  }

  /** {@code exp} = issue time + {@code lifetime}; a negative lifetime mints an expired token. */
  public TokenMinter expiresIn(Duration lifetime) {
    return with(s -> {
      s.lifetime = Objects.requireNonNull(lifetime, "lifetime");
      s.expiresAt = null;
      s.omitExpiry = false;
    });
  }

  public TokenMinter expiresAt(Instant expiresAt) {
    return with(s -> {
      s.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
      s.omitExpiry = false;
    });
  }

  /** Leaves {@code exp} out (a node must refuse such a token). */
  public TokenMinter withoutExpiry() {
    return with(s -> s.omitExpiry = true);
  }

  /** Any other claim; a {@code null} value removes it. */
  public TokenMinter claim(String name, Object value) {
    return with(s -> {
      if (value == null) {
        s.claims.remove(name);
      } else {
        s.claims.put(name, value);
      }
    });
  }

  /** Any other JOSE header field, such as {@code typ} or {@code jku}. */
  public TokenMinter header(String name, Object value) {
    return with(s -> s.headers.put(name, value));
  }

  /** The key id header {@code kid}, which a JWKS-backed node looks the key up by. */
  public TokenMinter kid(String kid) {
    return header("kid", kid);
  }

  /** The signed compact token. */
  public String mint() {
    JwtBuilder builder = Jwts.builder();
    fill(builder);
    return signed(builder).compact();
  }

  /**
   * The same claims with {@code alg: none} and no signature ({@code header.payload.}): a token every
   * node must refuse.
   */
  public String mintUnsigned() {
    JwtBuilder builder = Jwts.builder();
    fill(builder);
    return builder.compact();
  }

  @SuppressWarnings("deprecation") // single(): jjwt's only way to write aud as a plain string, as many issuers do
  private void fill(JwtBuilder builder) {
    Instant now = spec.clock.instant();
    Instant issued = spec.issuedAt != null ? spec.issuedAt : now;
    if (!spec.headers.isEmpty()) {
      builder.header().add(spec.headers).and();
    }
    Map<String, Object> claims = new LinkedHashMap<>(spec.claims);
    Object audience = claims.remove("aud");
    builder.claims(claims);
    if (audience instanceof String single) {
      builder.audience().single(single); // a plain string, not a one-element array
    } else if (audience instanceof List<?> many) {
      many.forEach(a -> builder.audience().add(String.valueOf(a)));
    }
    if (!spec.omitIssuedAt) {
      builder.issuedAt(Date.from(issued));
    }
    if (spec.notBefore != null) {
      builder.notBefore(Date.from(spec.notBefore));
    }
    if (!spec.omitExpiry) {
      builder.expiration(Date.from(spec.expiresAt != null ? spec.expiresAt : issued.plus(spec.lifetime)));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private JwtBuilder signed(JwtBuilder builder) {
    if (spec.algorithm == null) {
      return builder.signWith(key);
    }
    SecureDigestAlgorithm alg = (SecureDigestAlgorithm) Jwts.SIG.get().forKey(spec.algorithm);
    if (key instanceof SecretKey secret && !secret.getAlgorithm().equals(jcaName(spec.algorithm))) {
      // jjwt checks that an HMAC key names the algorithm it signs with.
      return builder.signWith(new SecretKeySpec(secret.getEncoded(), jcaName(spec.algorithm)), alg);
    }
    return builder.signWith(key, alg);
  }

  private static String jcaName(String alg) {
    return switch (alg) {
      case "HS384" -> "HmacSHA384";
      case "HS512" -> "HmacSHA512";
      default -> "HmacSHA256";
    };
  }

  private TokenMinter with(Consumer<Spec> change) {
    Spec next = spec.copy();
    change.accept(next);
    return new TokenMinter(key, next);
  }

  /** What the next token will say; copied on every change. */
  private static final class Spec {
    String algorithm;
    Clock clock = Clock.systemUTC();
    final Map<String, Object> claims = new LinkedHashMap<>();
    final Map<String, Object> headers = new LinkedHashMap<>();
    Instant issuedAt;
    boolean omitIssuedAt;
    Instant notBefore;
    Duration lifetime = DEFAULT_LIFETIME;
    Instant expiresAt;
    boolean omitExpiry;

    Spec copy() {
      Spec c = new Spec();
      c.algorithm = algorithm;
      c.clock = clock;
      c.claims.putAll(claims);
      c.headers.putAll(headers);
      c.issuedAt = issuedAt;
      c.omitIssuedAt = omitIssuedAt;
      c.notBefore = notBefore;
      c.lifetime = lifetime;
      c.expiresAt = expiresAt;
      c.omitExpiry = omitExpiry;
      return c;
    }
  }
}
