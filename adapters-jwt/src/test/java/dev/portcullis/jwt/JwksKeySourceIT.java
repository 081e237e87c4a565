package dev.portcullis.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.port.HealthCheck;
import dev.portcullis.core.testing.MutableClock;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.net.URI;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keys from a real JWKS endpoint on loopback: rotation, the refetch floor against unknown-kid floods
 * (AUTH-10), outages served from the last good keys until the staleness limit (AUTH-11), coalesced
 * fetches, and the bounds on what is fetched.
 */
class JwksKeySourceIT {

  private static final Duration REFRESH = Duration.ofSeconds(10);
  private static final Duration FLOOR = Duration.ofSeconds(5);
  private static final Duration STALENESS = Duration.ofSeconds(60);

  private final MutableClock clock = MutableClock.aligned();
  private final Instant start = clock.instant();
  private final JwksServer jwks = new JwksServer();
  private final KeyPair k1 = TestKeys.EC256;
  private final KeyPair k2 = TestKeys.ec("secp256r1");

  @AfterEach
  void stop() {
    jwks.close();
  }

  private JjwtAuthenticator authenticator(URI url, UnaryOperator<PortcullisConfig.Builder> changes) {
    AuthConfig config = changes.apply(PortcullisConfig.builder()
        .jwksUrl(url)
        .jwksRefreshInterval(REFRESH)
        .jwksMinRefetchInterval(FLOOR)
        .jwksMaxStaleness(STALENESS)
        .jwtClockSkew(Duration.ZERO)
        .tokenCacheTtl(Duration.ZERO)).build().auth();
    return new JjwtAuthenticator(config, clock);
  }

  private JjwtAuthenticator authenticator() {
    return authenticator(jwks.url(), b -> b);
  }

  private static PublicJwk<?> jwk(KeyPair pair, String kid) {
    return pair.getPublic() instanceof RSAPublicKey rsa ? Jwks.builder().key(rsa).id(kid).build()
        : Jwks.builder().key((ECPublicKey) pair.getPublic()).id(kid).build();
  }

  /** An ES256 token under {@code kid}, valid for two hours from the start of the test. */
  private String token(KeyPair pair, String kid) {
    return Jwts.builder().header().keyId(kid).and()
        .subject("user-1").expiration(Date.from(start.plus(Duration.ofHours(2))))
        .signWith(pair.getPrivate(), Jwts.SIG.ES256).compact();
  }

  private static AuthResult check(JjwtAuthenticator auth, String token) {
    return auth.authenticate(new BearerToken(token, BearerToken.Carrier.HEADER));
  }

  private static AuthResult refused(AuthFailure reason) {
    return new AuthResult.Rejected(reason);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void acceptsATokenSignedWithAPublishedKey() {
    jwks.publish(jwk(k1, "k1"));
    JjwtAuthenticator auth = authenticator();

    AuthResult result = check(auth, token(k1, "k1"));

    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(((AuthResult.Authenticated) result).principal().subject()).isEqualTo("user-1");
    assertThat(jwks.requests()).isEqualTo(1);
  }

  @Test
  void acceptsAnRs256TokenFromTheSameSet() {
    jwks.publish(jwk(k1, "k1"), jwk(TestKeys.RSA, "rsa-1"));
    JjwtAuthenticator auth = authenticator();
    String rs256 = Jwts.builder().header().keyId("rsa-1").and().subject("user-1")
        .expiration(Date.from(start.plusSeconds(600))).signWith(TestKeys.RSA.getPrivate(), Jwts.SIG.RS256).compact();

    assertThat(check(auth, rs256)).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void picksUpAKeyPublishedLaterAndDropsAKeyRotatedOut() throws Exception {
    jwks.publish(jwk(k1, "k1"));
    JjwtAuthenticator auth = authenticator();
    assertThat(check(auth, token(k1, "k1"))).isInstanceOf(AuthResult.Authenticated.class);

    jwks.publish(jwk(k1, "k1"), jwk(k2, "k2"));
    clock.advance(FLOOR);
    assertThat(check(auth, token(k2, "k2"))).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(jwks.requests()).isEqualTo(2);

    jwks.publish(jwk(k2, "k2"));
    clock.advance(REFRESH);
    assertThat(check(auth, token(k2, "k2"))).isInstanceOf(AuthResult.Authenticated.class); // refreshes behind
    await(() -> check(auth, token(k1, "k1")).equals(refused(AuthFailure.UNKNOWN_KEY)));
    assertThat(jwks.requests()).isEqualTo(3);
  }

  @Test
  void fetchesAtMostOncePerIntervalUnderAFloodOfUnknownKids() {
    jwks.publish(jwk(k1, "k1"));
    JjwtAuthenticator auth = authenticator();
    assertThat(check(auth, token(k1, "k1"))).isInstanceOf(AuthResult.Authenticated.class);

    for (int round = 1; round <= 2; round++) {
      clock.advance(FLOOR);
      for (int i = 0; i < 1000; i++) {
        // The kid is looked up before any signature is checked, so a forged signature is enough.
        String forged = Tokens.forge("{\"alg\":\"ES256\",\"kid\":\"" + UUID.randomUUID() + "\"}",
            Tokens.claimsJson(clock.instant()), new byte[64]);
        forged = forged.substring(0, forged.lastIndexOf('.') + 1) + Tokens.b64(nonZeroSignature());
        assertThat(check(auth, forged)).isEqualTo(refused(AuthFailure.UNKNOWN_KEY));
      }
      assertThat(jwks.requests()).as("round " + round).isEqualTo(1 + round);
    }
  }

  private static byte[] nonZeroSignature() {
    byte[] sig = new byte[64];
    java.util.Arrays.fill(sig, (byte) 1);
    return sig;
  }

  @Test
  void coalescesConcurrentRefetchesIntoOneRequest() throws Exception {
    jwks.publish(jwk(k1, "k1"));
    JjwtAuthenticator auth = authenticator();
    assertThat(check(auth, token(k1, "k1"))).isInstanceOf(AuthResult.Authenticated.class);
    jwks.publish(jwk(k1, "k1"), jwk(k2, "k2"));
    jwks.delay(300); // long enough for every thread to arrive while the one fetch is under way
    clock.advance(FLOOR);
    String token = token(k2, "k2");

    ExecutorService threads = Executors.newFixedThreadPool(20);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<AuthResult>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        results.add(threads.submit(() -> {
          go.await(5, TimeUnit.SECONDS);
          return check(auth, token);
        }));
      }
      go.countDown();
      for (Future<AuthResult> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(AuthResult.Authenticated.class);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(jwks.requests()).isEqualTo(2);
  }

  @Test
  void servesTheLastGoodKeysThroughAnOutageUntilTheyAreTooStale() throws Exception {
    jwks.publish(jwk(k1, "k1"));
    JjwtAuthenticator auth = authenticator();
    String token = token(k1, "k1");
    assertThat(check(auth, token)).isInstanceOf(AuthResult.Authenticated.class);

    jwks.failWith(503);
    clock.advance(Duration.ofSeconds(30));
    assertThat(check(auth, token)).isInstanceOf(AuthResult.Authenticated.class); // a refresh fails behind it
    await(() -> jwks.requests() == 2);

    clock.advance(Duration.ofSeconds(29));
    assertThat(check(auth, token)).isInstanceOf(AuthResult.Authenticated.class);

    clock.advance(Duration.ofSeconds(1)); // exactly the staleness limit after the last success
    assertThat(check(auth, token)).isEqualTo(refused(AuthFailure.KEYS_UNAVAILABLE));

    jwks.publish(jwk(k1, "k1")); // the endpoint is back
    clock.advance(FLOOR);
    assertThat(check(auth, token)).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void reportsItsKeysInHealthUnreadyBeforeTheFirstFetchAndOnceTheyAreTooStale() throws Exception {
    jwks.failWith(503);
    JjwtAuthenticator auth = authenticator();
    await(() -> jwks.requests() == 1);
    assertThat(auth.keyStatus()).isEqualTo(new HealthCheck.Status(false, "no keys fetched yet from WS_JWKS_URL"));

    jwks.publish(jwk(k1, "k1"));
    clock.advance(FLOOR);
    assertThat(check(auth, token(k1, "k1"))).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(auth.keyStatus()).isEqualTo(new HealthCheck.Status(true, "keys fetched " + clock.instant()));

    jwks.failWith(503);
    clock.advance(STALENESS);
    assertThat(auth.keyStatus().ready()).isFalse();
    assertThat(auth.keyStatus().detail()).endsWith("past WS_JWKS_MAX_STALENESS");
  }

  @Test
  void survivesAFailedFetchAtStartAndRetriesOnDemand() {
    jwks.failWith(503);
    JjwtAuthenticator auth = authenticator();
    String token = token(k1, "k1");

    assertThat(check(auth, token)).isEqualTo(refused(AuthFailure.KEYS_UNAVAILABLE));

    jwks.publish(jwk(k1, "k1"));
    clock.advance(FLOOR);
    assertThat(check(auth, token)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(jwks.requests()).isEqualTo(2);
  }

  @Test
  void refusesWithKeysUnavailableWhenNothingListensAtTheUrl() {
    int port = jwks.port();
    jwks.close();

    JjwtAuthenticator auth = authenticator(URI.create("http://127.0.0.1:" + port + JwksServer.PATH), b -> b);

    assertThat(check(auth, token(k1, "k1"))).isEqualTo(refused(AuthFailure.KEYS_UNAVAILABLE));
  }

  @Test
  void refusesADocumentOverTheSizeCap() {
    String padding = "x".repeat(JwksClient.MAX_BODY_BYTES);
    jwks.body("{\"keys\":[" + Jwks.json(jwk(k1, "k1")) + "],\"padding\":\"" + padding + "\"}");
    JjwtAuthenticator auth = authenticator();

    assertThat(check(auth, token(k1, "k1"))).isEqualTo(refused(AuthFailure.KEYS_UNAVAILABLE));
  }

  @Test
  void neverVerifiesWithASymmetricKeyPublishedInTheSet() {
    String secret = Tokens.b64(Tokens.SECRET.getBytes());
    jwks.body("{\"keys\":[" + Jwks.json(jwk(k1, "k1")) + ",{\"kty\":\"oct\",\"kid\":\"shared\",\"k\":\"" + secret
        + "\"}]}");
    JjwtAuthenticator auth = authenticator();
    String hs256 = Jwts.builder().header().keyId("shared").and().subject("admin")
        .expiration(Date.from(start.plusSeconds(600)))
        .signWith(Tokens.secretKey(Tokens.SECRET, "HmacSHA256"), Jwts.SIG.HS256).compact();

    assertThat(check(auth, token(k1, "k1"))).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(check(auth, hs256)).isEqualTo(refused(AuthFailure.ALGORITHM_NOT_ALLOWED));
  }

  @Test
  void holdsAKeyToTheAlgorithmItsJwkNames() {
    PublicJwk<?> rs256Only = Jwks.builder().key((RSAPublicKey) TestKeys.RSA.getPublic()).id("rsa")
        .algorithm("RS256").build();
    jwks.publish(rs256Only);
    JjwtAuthenticator auth = authenticator();
    String ps256 = Jwts.builder().header().keyId("rsa").and().subject("user-1")
        .expiration(Date.from(start.plusSeconds(600))).signWith(TestKeys.RSA.getPrivate(), Jwts.SIG.PS256).compact();

    assertThat(check(auth, ps256)).isEqualTo(refused(AuthFailure.ALGORITHM_NOT_ALLOWED));
  }

  @Test
  void usesKidsOnlyAsLookupKeysNeverInTheRequest() {
    jwks.publish(jwk(k1, "k1"));
    JjwtAuthenticator auth = authenticator();
    assertThat(check(auth, token(k1, "k1"))).isInstanceOf(AuthResult.Authenticated.class);

    clock.advance(FLOOR);
    for (String kid : List.of("../../../../dev/null", "' OR '1'='1", "|id", "%2e%2e%2f", "http://127.0.0.1:1/")) {
      assertThat(check(auth, token(k2, kid))).isEqualTo(refused(AuthFailure.UNKNOWN_KEY));
    }
    clock.advance(FLOOR);
    String crlf = Tokens.withHeader(token(k2, "k2"), "{\"alg\":\"ES256\",\"kid\":\"a\\r\\nb\"}");
    String huge = Tokens.withHeader(token(k2, "k2"), "{\"alg\":\"ES256\",\"kid\":\"" + "k".repeat(10_240) + "\"}");
    assertThat(check(auth, crlf)).isEqualTo(refused(AuthFailure.MALFORMED));
    assertThat(check(auth, huge)).isEqualTo(refused(AuthFailure.MALFORMED));

    assertThat(jwks.requests()).isEqualTo(2); // one refetch for the first unknown kid, none for the malformed
    assertThat(jwks.paths()).containsOnly(JwksServer.PATH);
  }
}
