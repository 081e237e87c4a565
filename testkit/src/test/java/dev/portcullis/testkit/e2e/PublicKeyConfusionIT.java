package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertBadToken;

import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.TokenMinter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node that verifies with an RSA public key (a PEM in {@code WS_JWT_PUBLIC_KEY}) accepts RS256 from
 * the private key, and refuses the classic confusion attack (catalogue AUTH-03): an HS256 token whose
 * HMAC secret is the public key itself, in every encoding an attacker might guess.
 */
class PublicKeyConfusionIT {

  static final KeyPair RSA = rsa();
  static final String PEM = pem(RSA.getPublic().getEncoded());

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtPublicKeyPem(PEM));

  @Test
  void anRs256TokenFromThePrivateKeyIsAccepted() {
    Wire.assertUpgrades(RawHandshake.to(server.uri()).from(Peers.next())
        .bearer(TokenMinter.privateKey(RSA.getPrivate()).subject("frank").mint()));
  }

  @Test
  void anHs256TokenKeyedWithThePemTextIsRefused() {
    refused(TokenMinter.hmacKey(PEM.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void anHs256TokenKeyedWithThePemTextWithoutItsLastNewlineIsRefused() {
    refused(TokenMinter.hmacKey(PEM.strip().getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void anHs256TokenKeyedWithTheDerBytesOfThePublicKeyIsRefused() {
    refused(TokenMinter.hmacKey(RSA.getPublic().getEncoded()));
  }

  @Test
  void anRs256TokenFromAnotherPrivateKeyIsRefused() {
    refused(TokenMinter.privateKey(rsa().getPrivate()));
  }

  private static void refused(TokenMinter attacker) {
    assertBadToken(RawHandshake.to(server.uri()).from(Peers.next()).bearer(attacker.subject("frank").mint()).send());
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(byte[] subjectPublicKeyInfo) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(subjectPublicKeyInfo)
        + "\n-----END PUBLIC KEY-----\n";
  }
}
