package dev.portcullis.jwt;

import dev.portcullis.core.config.ConfigViolation;
import dev.portcullis.core.config.ConfigurationException;
import dev.portcullis.core.port.AuthFailure;
import java.security.Key;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;

/**
 * The one public key of {@code WS_JWT_PUBLIC_KEY}: RSA (RS*, PS*), EC (the ES* of its curve) or EdDSA.
 * The {@code kid} is ignored. Immutable and thread-safe.
 */
final class PublicKeySource implements KeySource {

  private final PublicKey key;
  private final Set<String> algorithms;

  /** @throws ConfigurationException naming {@code WS_JWT_PUBLIC_KEY} when the key is unusable */
  PublicKeySource(String pem) {
    this.key = PemPublicKeys.parse(pem);
    this.algorithms = KeyAlgorithms.forPublicKey(key);
    if (algorithms.isEmpty()) {
      throw new ConfigurationException(List.of(new ConfigViolation(PemPublicKeys.VARIABLE, PemPublicKeys.SHOWN,
          KeyAlgorithms.describe(key) + " cannot verify JWS: RSA needs at least " + KeyAlgorithms.MIN_RSA_BITS
              + " bits, EC must be P-256, P-384 or P-521")));
    }
  }

  @Override
  public Set<String> fittingAlgorithms() {
    return algorithms;
  }

  @Override
  public Key find(String alg, String kid) {
    if (!algorithms.contains(alg)) {
      throw new KeyRefusal(AuthFailure.ALGORITHM_NOT_ALLOWED);
    }
    return key;
  }
}
