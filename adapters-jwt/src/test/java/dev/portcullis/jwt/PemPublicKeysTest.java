package dev.portcullis.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.config.ConfigurationException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PemPublicKeysTest {

  @Test
  void readsRsaEcAndEd25519PublicKeys() {
    assertThat(PemPublicKeys.parse(TestKeys.pem(TestKeys.RSA.getPublic()))).isInstanceOf(RSAPublicKey.class)
        .isEqualTo(TestKeys.RSA.getPublic());
    assertThat(PemPublicKeys.parse(TestKeys.pem(TestKeys.EC256.getPublic()))).isInstanceOf(ECPublicKey.class);
    assertThat(PemPublicKeys.parse(TestKeys.pem(TestKeys.ed25519().getPublic()))).isInstanceOf(EdECPublicKey.class);
  }

  @Test
  void readsAPemWithWindowsLineEndsAndSurroundingBlanks() {
    String pem = "\n  " + TestKeys.pem(TestKeys.RSA.getPublic()).replace("\n", "\r\n") + "  \n";

    assertThat(PemPublicKeys.parse(pem)).isEqualTo(TestKeys.RSA.getPublic());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not a key at all",
      "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----",
      "-----BEGIN PUBLIC KEY-----\n%%%%\n-----END PUBLIC KEY-----",
      "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----"})
  void refusesAnUnreadablePemNamingTheVariableButNeverQuotingIt(String pem) {
    assertThatThrownBy(() -> PemPublicKeys.parse(pem))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WS_JWT_PUBLIC_KEY=<pem>")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(pem.strip().lines().skip(1).findFirst().orElse(pem)));
  }

  @Test
  void refusesAnRsaPublicKeyInPkcs1Form() {
    byte[] spki = TestKeys.RSA.getPublic().getEncoded();
    String pkcs1 = "-----BEGIN RSA PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(spki)
        + "\n-----END RSA PUBLIC KEY-----";

    assertThatThrownBy(() -> PemPublicKeys.parse(pkcs1))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("-----BEGIN PUBLIC KEY-----");
  }
}
