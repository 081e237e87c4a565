package dev.portcullis.jwt;

import dev.portcullis.core.config.ConfigViolation;
import dev.portcullis.core.config.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The start-up self-test for CVE-2022-21449 ("psychic signatures"): when ES* tokens may be accepted,
 * the running JDK must refuse an all-zero ECDSA signature, both raw and DER. A JDK that accepts one
 * would let anybody forge tokens, so the node does not start. Stateless and thread-safe.
 */
final class PsychicSignatureCheck {

  /** DER {@code SEQUENCE { INTEGER 0, INTEGER 0 }}, base64 {@code MAYCAQACAQA}. */
  private static final byte[] DER_ZERO = {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00};

  private PsychicSignatureCheck() {}

  /** Checks the default providers when {@code algorithms} holds any ES*. */
  static void requireSafe(Set<String> algorithms) {
    requireSafe(algorithms, null);
  }

  /**
   * @param provider the provider to test, or {@code null} for the default ones (what jjwt uses)
   * @throws ConfigurationException when the provider accepts a zero signature
   */
  static void requireSafe(Set<String> algorithms, Provider provider) {
    if (algorithms.stream().noneMatch(KeyAlgorithms.ECDSA::contains)) {
      return;
    }
    boolean accepted;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      accepted = accepts(signature("SHA256withECDSAinP1363Format", provider), pair, new byte[64])
          || accepts(signature("SHA256withECDSA", provider), pair, DER_ZERO);
    } catch (GeneralSecurityException e) {
      throw refuse(algorithms, "this Java runtime cannot run the ECDSA self-test (" + e.getClass().getSimpleName()
          + "): leave ES256/ES384/ES512 out");
    }
    if (accepted) {
      throw refuse(algorithms, "this Java runtime accepts all-zero ECDSA signatures (CVE-2022-21449): "
          + "upgrade it (17.0.3 or later), or leave ES256/ES384/ES512 out");
    }
  }

  private static Signature signature(String name, Provider provider) throws GeneralSecurityException {
    return provider == null ? Signature.getInstance(name) : Signature.getInstance(name, provider);
  }

  private static boolean accepts(Signature verifier, KeyPair pair, byte[] signature)
      throws GeneralSecurityException {
    verifier.initVerify(pair.getPublic());
    verifier.update("portcullis self-test".getBytes(StandardCharsets.US_ASCII));
    try {
      return verifier.verify(signature);
    } catch (SignatureException e) {
      return false; // a refusal by exception is still a refusal
    }
  }

  private static ConfigurationException refuse(Set<String> algorithms, String rule) {
    return new ConfigurationException(List.of(
        new ConfigViolation("WS_JWT_ALGORITHMS", String.join(",", new TreeSet<>(algorithms)), rule)));
  }
}
