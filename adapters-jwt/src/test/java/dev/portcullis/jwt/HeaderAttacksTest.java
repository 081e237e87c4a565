package dev.portcullis.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.testing.MutableClock;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens an attacker shapes by hand (the AUTH-02, 05, 07, 09, 20, 21 items of the catalogue). */
class HeaderAttacksTest {

  private final MutableClock clock = MutableClock.aligned();
  private final Instant now = clock.instant();
  private final JjwtAuthenticator hmac = new JjwtAuthenticator(Configs.hmac(), clock);

  private AuthResult check(JjwtAuthenticator auth, String token) {
    return auth.authenticate(new BearerToken(token, BearerToken.Carrier.QUERY));
  }

  private static AuthResult refused(AuthFailure reason) {
    return new AuthResult.Rejected(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
  void refusesAlgNoneInAnyCaseWithOrWithoutASignature(String none) {
    String header = "{\"alg\":\"" + none + "\",\"typ\":\"JWT\"}";
    String unsigned = Tokens.b64(header) + "." + Tokens.b64(Tokens.claimsJson(now)) + ".";
    String withSignature = Tokens.hmacWith(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), header,
        Tokens.claimsJson(now));

    assertThat(check(hmac, unsigned)).isEqualTo(refused(AuthFailure.ALGORITHM_NOT_ALLOWED));
    assertThat(check(hmac, withSignature)).isEqualTo(refused(AuthFailure.ALGORITHM_NOT_ALLOWED));
  }

  @Test
  void refusesAGoodTokenWithItsSignatureCutOff() {
    String token = Tokens.hs256(now);
    String stripped = token.substring(0, token.lastIndexOf('.') + 1);

    assertThat(check(hmac, token)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(check(hmac, stripped)).isEqualTo(refused(AuthFailure.BAD_SIGNATURE));
  }

  @Test
  void refusesAHeaderWithoutAlg() {
    String token = Tokens.withHeader(Tokens.hs256(now), "{\"typ\":\"JWT\"}");

    assertThat(check(hmac, token)).isEqualTo(refused(AuthFailure.MALFORMED));
  }

  @Test
  void refusesAHeaderThatNamesAlgTwice() {
    String token = Tokens.withHeader(Tokens.hs256(now), "{\"alg\":\"HS256\",\"alg\":\"none\"}");

    assertThat(check(hmac, token)).isEqualTo(refused(AuthFailure.MALFORMED));
  }

  @Test
  void refusesAHeaderThatIsNotValidUtf8() {
    byte[] header = {'{', '"', 'a', 'l', 'g', '"', ':', '"', 'H', 'S', '2', '5', '6', (byte) 0xC3, '"', '}'};
    String token = Tokens.b64(header) + Tokens.hs256(now).substring(Tokens.hs256(now).indexOf('.'));

    assertThat(check(hmac, token)).isEqualTo(refused(AuthFailure.MALFORMED));
  }

  @Test
  void refusesAHeaderThatIsNotAJsonObject() {
    String token = Tokens.withHeader(Tokens.hs256(now), "[\"alg\",\"HS256\"]");

    assertThat(check(hmac, token)).isEqualTo(refused(AuthFailure.MALFORMED));
  }

  @Test
  void refusesAnHmacAlgorithmTheSecretIsTooShortFor() {
    String token = Tokens.sign(Tokens.secretKey(Tokens.SECRET + Tokens.SECRET, "HmacSHA384"), Jwts.SIG.HS384, now,
        b -> b);

    assertThat(hmac.allowedAlgorithms()).containsExactly("HS256");
    assertThat(check(hmac, token)).isEqualTo(refused(AuthFailure.ALGORITHM_NOT_ALLOWED));
  }

  @Test
  void refusesAnHmacAlgorithmLeftOutOfTheConfiguredList() {
    String longSecret = Tokens.SECRET + Tokens.SECRET;
    JjwtAuthenticator onlyHs256 = new JjwtAuthenticator(Configs.hmac(b -> b.jwtSecret(longSecret)
        .jwtAlgorithms(java.util.Set.of("HS256"))), clock);
    String hs512 = Tokens.sign(Tokens.secretKey(longSecret, "HmacSHA512"), Jwts.SIG.HS512, now, b -> b);
    String hs256 = Tokens.sign(Tokens.secretKey(longSecret, "HmacSHA256"), Jwts.SIG.HS256, now, b -> b);

    assertThat(check(onlyHs256, hs512)).isEqualTo(refused(AuthFailure.ALGORITHM_NOT_ALLOWED));
    assertThat(check(onlyHs256, hs256)).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void refusesACriticalHeaderExtension() {
    String token = Tokens.hmacWith(Tokens.SECRET.getBytes(StandardCharsets.UTF_8),
        "{\"alg\":\"HS256\",\"crit\":[\"x-unknown\"],\"x-unknown\":true}", Tokens.claimsJson(now));

    assertThat(check(hmac, token)).isEqualTo(refused(AuthFailure.UNTRUSTED_HEADER));
  }

  @Test
  void refusesACompressedTokenEvenWhenProperlySigned() {
    String token = Tokens.hs256(now, b -> b.compressWith(Jwts.ZIP.DEF));

    assertThat(check(hmac, token)).isEqualTo(refused(AuthFailure.UNTRUSTED_HEADER));
  }

  @Test
  void refusesAnEmbeddedJwkSignedByTheAttacker() {
    var attacker = TestKeys.rsa(2048);
    JjwtAuthenticator rsa = new JjwtAuthenticator(Configs.pem(TestKeys.pem(TestKeys.RSA.getPublic()), b -> b),
        clock);
    String withJwk = Jwts.builder()
        .header().add("jwk", Jwks.builder().key((RSAPublicKey) attacker.getPublic()).build()).and()
        .subject("admin").expiration(java.util.Date.from(now.plusSeconds(600)))
        .signWith(attacker.getPrivate(), Jwts.SIG.RS256).compact();
    String withoutJwk = Tokens.sign(attacker.getPrivate(), Jwts.SIG.RS256, now, b -> b);

    assertThat(check(rsa, withJwk)).isEqualTo(refused(AuthFailure.UNTRUSTED_HEADER));
    assertThat(check(rsa, withoutJwk)).isEqualTo(refused(AuthFailure.BAD_SIGNATURE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../../dev/null", "/dev/null", "' OR '1'='1", "|id", "file:///etc/passwd"})
  void refusesAnInjectedKidSignedWithWhatThatKidWouldRead(String kid) {
    // The classic attack signs with the content of the file the kid names: empty, so one zero byte.
    String token = Tokens.hmacWith(new byte[] {0}, "{\"alg\":\"HS256\",\"kid\":\"" + kid.replace("\"", "\\\"") + "\"}",
        Tokens.claimsJson(now));

    assertThat(check(hmac, token)).isEqualTo(refused(AuthFailure.BAD_SIGNATURE));
  }

  @Test
  void refusesAKidWithControlCharactersOrOfTenKilobytes() {
    String crlf = Tokens.withHeader(Tokens.hs256(now), "{\"alg\":\"HS256\",\"kid\":\"a\\r\\nX-Injected: 1\"}");
    String huge = Tokens.withHeader(Tokens.hs256(now), "{\"alg\":\"HS256\",\"kid\":\"" + "k".repeat(10_240) + "\"}");
    String notText = Tokens.withHeader(Tokens.hs256(now), "{\"alg\":\"HS256\",\"kid\":{\"path\":\"/etc\"}}");

    assertThat(check(hmac, crlf)).isEqualTo(refused(AuthFailure.MALFORMED));
    assertThat(check(hmac, huge)).isEqualTo(refused(AuthFailure.MALFORMED));
    assertThat(check(hmac, notText)).isEqualTo(refused(AuthFailure.MALFORMED));
  }

  @Test
  void refusesATokenOverSixteenKilobytesWithoutParsingIt() {
    String big = Tokens.hs256(now, b -> b.claim("pad", "x".repeat(20 * 1024)));

    assertThat(big.length()).isGreaterThan(16 * 1024);
    assertThat(check(hmac, big)).isEqualTo(refused(AuthFailure.MALFORMED));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.b", "a.b.c.d.e", "....", "not a token", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln=="})
  void refusesWhatIsNotACompactJws(String token) {
    assertThat(check(hmac, token)).isEqualTo(refused(AuthFailure.MALFORMED));
  }

  @Test
  void refusesAnEncryptedTokenHeader() {
    String token = Tokens.withHeader(Tokens.hs256(now), "{\"alg\":\"HS256\",\"enc\":\"A256GCM\"}");

    assertThat(check(hmac, token)).isEqualTo(refused(AuthFailure.MALFORMED));
  }
}
