package dev.portcullis.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.config.ConfigurationException;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.testing.MutableClock;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tokens signed with RSA, EC and EdDSA keys, checked against the PEM public key (AUTH-03, 04, 06). */
class PublicKeyAuthenticationTest {

  private final MutableClock clock = MutableClock.aligned();
  private final Instant now = clock.instant();

  private JjwtAuthenticator authenticator(KeyPair pair) {
    return new JjwtAuthenticator(Configs.pem(TestKeys.pem(pair.getPublic()), b -> b), clock);
  }

  private static AuthResult check(JjwtAuthenticator auth, String token) {
    return auth.authenticate(new BearerToken(token, BearerToken.Carrier.HEADER));
  }

  private static AuthResult refused(AuthFailure reason) {
    return new AuthResult.Rejected(reason);
  }

  private String sign(PrivateKey key, SecureDigestAlgorithm<PrivateKey, ?> alg) {
    return Tokens.sign(key, alg, now, b -> b);
  }

  @Test
  void acceptsRs256AndPs256TokensSignedWithTheRsaKey() {
    JjwtAuthenticator auth = authenticator(TestKeys.RSA);

    for (var alg : java.util.List.of(Jwts.SIG.RS256, Jwts.SIG.PS256, Jwts.SIG.RS512)) {
      AuthResult result = check(auth, sign(TestKeys.RSA.getPrivate(), alg));
      assertThat(result).as(alg.getId()).isInstanceOf(AuthResult.Authenticated.class);
      assertThat(((AuthResult.Authenticated) result).principal().subject()).isEqualTo("user-1");
    }
    assertThat(auth.allowedAlgorithms())
        .containsExactlyInAnyOrder("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
  }

  @Test
  void acceptsEcdsaTokensOnTheCurveOfTheKeyOnly() {
    Map<String, SecureDigestAlgorithm<PrivateKey, ?>> byCurve = Map.of(
        "secp256r1", Jwts.SIG.ES256, "secp384r1", Jwts.SIG.ES384, "secp521r1", Jwts.SIG.ES512);
    byCurve.forEach((curve, alg) -> {
      KeyPair pair = curve.equals("secp256r1") ? TestKeys.EC256 : TestKeys.ec(curve);
      JjwtAuthenticator auth = authenticator(pair);

      assertThat(check(auth, sign(pair.getPrivate(), alg))).as(curve).isInstanceOf(AuthResult.Authenticated.class);
      assertThat(auth.allowedAlgorithms()).containsExactly(alg.getId());
    });
  }

  @Test
  void acceptsAnEd25519Token() {
    KeyPair ed = TestKeys.ed25519();
    JjwtAuthenticator auth = authenticator(ed);

    assertThat(check(auth, sign(ed.getPrivate(), Jwts.SIG.EdDSA))).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(auth.allowedAlgorithms()).containsExactly("EdDSA");
  }

  @Test
  void refusesATokenSignedWithAnotherKeyOfTheSameKind() {
    JjwtAuthenticator auth = authenticator(TestKeys.EC256);
    KeyPair other = TestKeys.ec("secp256r1");

    assertThat(check(auth, sign(other.getPrivate(), Jwts.SIG.ES256))).isEqualTo(refused(AuthFailure.BAD_SIGNATURE));
  }

  @Test
  void refusesAnAlgorithmOutsideTheConfiguredAllowList() {
    JjwtAuthenticator onlyRs256 = new JjwtAuthenticator(
        Configs.pem(TestKeys.pem(TestKeys.RSA.getPublic()), b -> b.jwtAlgorithms(Set.of("RS256"))), clock);

    assertThat(check(onlyRs256, sign(TestKeys.RSA.getPrivate(), Jwts.SIG.PS256)))
        .isEqualTo(refused(AuthFailure.ALGORITHM_NOT_ALLOWED));
    assertThat(check(onlyRs256, sign(TestKeys.RSA.getPrivate(), Jwts.SIG.RS512)))
        .isEqualTo(refused(AuthFailure.ALGORITHM_NOT_ALLOWED));
    assertThat(check(onlyRs256, sign(TestKeys.RSA.getPrivate(), Jwts.SIG.RS256)))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void refusesAnHs256TokenKeyedWithTheServersPublicKeyInAnyEncoding() {
    JjwtAuthenticator rsa = authenticator(TestKeys.RSA);
    JjwtAuthenticator ec = authenticator(TestKeys.EC256);
    for (KeyPair pair : new KeyPair[] {TestKeys.RSA, TestKeys.EC256}) {
      JjwtAuthenticator auth = pair == TestKeys.RSA ? rsa : ec;
      String pem = TestKeys.pem(pair.getPublic());
      byte[] der = pair.getPublic().getEncoded();
      for (byte[] hmacKey : new byte[][] {
          pem.getBytes(StandardCharsets.US_ASCII),
          pem.strip().getBytes(StandardCharsets.US_ASCII),
          pem.replace("\n", "").getBytes(StandardCharsets.US_ASCII),
          der,
          Base64.getEncoder().encode(der)}) {
        String forged = Tokens.hmacWith(hmacKey, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", Tokens.claimsJson(now));
        assertThat(check(auth, forged)).isEqualTo(refused(AuthFailure.ALGORITHM_NOT_ALLOWED));
      }
    }
    String modulus = Jwks.builder().key((RSAPublicKey) TestKeys.RSA.getPublic()).build().get("n").toString();
    String jwkN = Tokens.hmacWith(modulus.getBytes(StandardCharsets.US_ASCII), "{\"alg\":\"HS256\"}",
        Tokens.claimsJson(now));
    assertThat(check(rsa, jwkN)).isEqualTo(refused(AuthFailure.ALGORITHM_NOT_ALLOWED));
  }

  @Test
  void refusesAllZeroEcdsaSignaturesRawAndDer() {
    JjwtAuthenticator p256 = authenticator(TestKeys.EC256);
    String good = sign(TestKeys.EC256.getPrivate(), Jwts.SIG.ES256);
    String signingInput = good.substring(0, good.lastIndexOf('.') + 1);
    byte[] real = Base64.getUrlDecoder().decode(good.substring(good.lastIndexOf('.') + 1));
    byte[] zeroS = real.clone();
    java.util.Arrays.fill(zeroS, 32, 64, (byte) 0);

    assertThat(check(p256, good)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(check(p256, signingInput + Tokens.b64(new byte[64]))).isEqualTo(refused(AuthFailure.BAD_SIGNATURE));
    assertThat(check(p256, signingInput + "MAYCAQACAQA")).isEqualTo(refused(AuthFailure.BAD_SIGNATURE));
    assertThat(check(p256, signingInput + Tokens.b64(zeroS))).isEqualTo(refused(AuthFailure.BAD_SIGNATURE));
  }

  @Test
  void refusesAllZeroSignaturesOnTheLargerCurves() {
    KeyPair p384 = TestKeys.ec("secp384r1");
    KeyPair p521 = TestKeys.ec("secp521r1");
    String es384 = Tokens.b64("{\"alg\":\"ES384\"}") + "." + Tokens.b64(Tokens.claimsJson(now)) + ".";
    String es512 = Tokens.b64("{\"alg\":\"ES512\"}") + "." + Tokens.b64(Tokens.claimsJson(now)) + ".";

    assertThat(check(authenticator(p384), es384 + Tokens.b64(new byte[96])))
        .isEqualTo(refused(AuthFailure.BAD_SIGNATURE));
    assertThat(check(authenticator(p521), es512 + Tokens.b64(new byte[132])))
        .isEqualTo(refused(AuthFailure.BAD_SIGNATURE));
  }

  @Test
  void refusesToStartWhenTheConfiguredAlgorithmsDoNotFitTheKey() {
    var config = Configs.pem(TestKeys.pem(TestKeys.EC256.getPublic()), b -> b.jwtAlgorithms(Set.of("ES384")));

    assertThatThrownBy(() -> new JjwtAuthenticator(config, clock))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WS_JWT_ALGORITHMS")
        .hasMessageContaining("'ES384' does not fit");
  }

  @Test
  void refusesToStartWithAnRsaKeyUnder2048Bits() {
    String weak = TestKeys.pem(TestKeys.rsa(1024).getPublic());

    assertThatThrownBy(() -> new JjwtAuthenticator(Configs.pem(weak, b -> b), clock))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WS_JWT_PUBLIC_KEY=<pem>")
        .hasMessageContaining("1024 bits");
  }
}
