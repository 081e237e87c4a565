package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenMinterTest {

  private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void mintsAnHmacTokenWithEveryClaimItWasGiven() {
    String token = TokenMinter.hmac(SECRET).clock(CLOCK)
        .subject("alice").roles("admin", "ops").sid("s1").jti("j1").issuer("https://issuer.test")
        .audience("portcullis").azp("https://app.test").claim("tenant", "t9").kid("k1")
        .header("typ", "at+jwt").expiresIn(Duration.ofMinutes(5)).notBefore(NOW.minusSeconds(1))
        .mint();

    Jws<Claims> jws = parse(token);
    Claims claims = jws.getPayload();
    assertThat(jws.getHeader().getAlgorithm()).isEqualTo("HS256");
    assertThat(jws.getHeader().getKeyId()).isEqualTo("k1");
    assertThat(jws.getHeader().getType()).isEqualTo("at+jwt");
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.get("roles")).isEqualTo(List.of("admin", "ops"));
    assertThat(claims.get("sid", String.class)).isEqualTo("s1");
    assertThat(claims.getId()).isEqualTo("j1");
    assertThat(claims.getIssuer()).isEqualTo("https://issuer.test");
    assertThat(claims.getAudience()).containsExactly("portcullis");
    assertThat(claims.get("azp", String.class)).isEqualTo("https://app.test");
    assertThat(claims.get("tenant", String.class)).isEqualTo("t9");
    assertThat(claims.getIssuedAt().toInstant()).isEqualTo(NOW);
    assertThat(claims.getExpiration().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    assertThat(claims.getNotBefore().toInstant()).isEqualTo(NOW.minusSeconds(1));
  }

  @Test
  void writesASingleAudienceAsAStringAndSeveralAsAnArray() {
    assertThat(payloadJson(TokenMinter.hmac(SECRET).audience("one").mint())).contains("\"aud\":\"one\"");
    assertThat(payloadJson(TokenMinter.hmac(SECRET).audience(List.of("one", "two")).mint()))
        .contains("\"aud\":[\"one\",\"two\"]");
  }

  @Test
  void leavesSettingsOfTheMinterItWasDerivedFromUntouched() {
    TokenMinter base = TokenMinter.hmac(SECRET).clock(CLOCK).subject("alice");
    base.subject("mallory").withoutExpiry();

    Claims claims = parse(base.mint()).getPayload();
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getExpiration().toInstant()).isEqualTo(NOW.plus(TokenMinter.DEFAULT_LIFETIME));
  }

  @Test
  void leavesOutExpiryAndIssueTimeWhenAskedTo() {
    String json = payloadJson(TokenMinter.hmac(SECRET).subject("a").withoutExpiry().withoutIssuedAt().mint());
    assertThat(json).doesNotContain("\"exp\"").doesNotContain("\"iat\"");
  }

  @Test
  void signsWithAnotherHmacAlgorithmWhenToldAndTheKeyIsLongEnough() {
    String longSecret = SECRET.repeat(2);
    String token = TokenMinter.hmac(longSecret).algorithm("HS512").subject("a").mint();
    assertThat(Jwts.parser().verifyWith(new SecretKeySpec(longSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"))
        .build().parseSignedClaims(token).getHeader().getAlgorithm()).isEqualTo("HS512");
  }

  @Test
  void signsWithRsaEcAndEdDsaPrivateKeysVerifiableWithTheirPublicHalves() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
    for (KeyPair pair : List.of(rsa.generateKeyPair(), ec.generateKeyPair(), ed.generateKeyPair())) {
      String token = TokenMinter.privateKey(pair.getPrivate()).subject("bob").mint();
      assertThat(Jwts.parser().verifyWith(pair.getPublic()).build().parseSignedClaims(token).getPayload().getSubject())
          .isEqualTo("bob");
    }
  }

  @Test
  void aTokenSignedWithAnotherSecretDoesNotVerify() {
    String token = TokenMinter.hmac("another-secret-that-is-also-long-enough-xx").clock(CLOCK).subject("a").mint();
    assertThatThrownBy(() -> parse(token)).isInstanceOf(SignatureException.class);
  }

  @Test
  void mintsAnUnsignedTokenWithAlgNoneAndAnEmptySignature() {
    String token = TokenMinter.hmac(SECRET).subject("a").mintUnsigned();
    String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    assertThat(header).contains("\"alg\":\"none\"");
    assertThat(token).endsWith(".");
  }

  @Test
  void countsExpiryFromTheInjectedClock() {
    Instant past = Instant.parse("2001-01-01T00:00:00Z");
    Claims claims = Jwts.parser().clock(() -> Date.from(past))
        .verifyWith(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).build()
        .parseSignedClaims(TokenMinter.hmac(SECRET).clock(Clock.fixed(past, ZoneOffset.UTC)).subject("a").mint())
        .getPayload();
    assertThat(claims.getExpiration().toInstant()).isEqualTo(past.plus(TokenMinter.DEFAULT_LIFETIME));
  }

  private static Jws<Claims> parse(String token) {
    return Jwts.parser().clock(() -> Date.from(NOW))
        .verifyWith(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).build()
        .parseSignedClaims(token);
  }

  private static String payloadJson(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
  }
}
