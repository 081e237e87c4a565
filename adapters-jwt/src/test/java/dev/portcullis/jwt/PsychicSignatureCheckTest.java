package dev.portcullis.jwt;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.config.ConfigurationException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureSpi;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The start-up self-test for CVE-2022-21449, against this JDK and against a provider that has the bug. */
class PsychicSignatureCheckTest {

  @Test
  void passesOnThisJavaRuntime() {
    assertThatCode(() -> PsychicSignatureCheck.requireSafe(Set.of("ES256", "ES512")))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesToStartOnAProviderThatAcceptsZeroSignatures() {
    assertThatThrownBy(() -> PsychicSignatureCheck.requireSafe(Set.of("ES256"), new PsychicProvider()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WS_JWT_ALGORITHMS=ES256")
        .hasMessageContaining("CVE-2022-21449");
  }

  @Test
  void skipsTheTestWhenNoEcdsaAlgorithmIsAllowed() {
    assertThatCode(() -> PsychicSignatureCheck.requireSafe(Set.of("RS256", "EdDSA"), new PsychicProvider()))
        .doesNotThrowAnyException();
  }

  /** A JCA provider with the 2022 bug: its ECDSA verifiers accept any signature at all. */
  static final class PsychicProvider extends Provider {
    private static final long serialVersionUID = 1L;

    PsychicProvider() {
      super("Psychic", "1.0", "accepts every ECDSA signature");
      put("Signature.SHA256withECDSAinP1363Format", AcceptingSignature.class.getName());
      put("Signature.SHA256withECDSA", AcceptingSignature.class.getName());
    }
  }

  /** Public with a public constructor: the JCA instantiates it by reflection. */
  public static final class AcceptingSignature extends SignatureSpi {
    public AcceptingSignature() {}

    @Override
    protected void engineInitVerify(PublicKey key) {}

    @Override
    protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
      throw new InvalidKeyException("verify only");
    }

    @Override
    protected void engineUpdate(byte b) {}

    @Override
    protected void engineUpdate(byte[] b, int off, int len) {}

    @Override
    protected byte[] engineSign() {
      return new byte[0];
    }

    @Override
    protected boolean engineVerify(byte[] sig) {
      return true;
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {}

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
      return null;
    }
  }
}
