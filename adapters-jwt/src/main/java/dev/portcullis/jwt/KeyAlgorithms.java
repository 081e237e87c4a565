package dev.portcullis.jwt;

import dev.portcullis.core.config.JwtConfig;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Which {@code alg} values fit which key (RFC 7518 §3.1). Stateless and thread-safe. */
final class KeyAlgorithms {

  static final Set<String> HMAC = Set.of("HS256", "HS384", "HS512");
  static final Set<String> RSA = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
  static final Set<String> ECDSA = Set.of("ES256", "ES384", "ES512");
  static final Set<String> ASYMMETRIC = union(RSA, ECDSA, Set.of("EdDSA"));

  /** RFC 7518 §3.3: RSA keys of 2048 bits or more; jjwt refuses smaller ones at verification anyway. */
  static final int MIN_RSA_BITS = 2048;

  /** RFC 7518 §3.2: an HMAC key at least as long as the hash. */
  private static final Map<String, Integer> MIN_SECRET_BYTES = Map.of("HS256", 32, "HS384", 48, "HS512", 64);

  /** ES256 on P-256, ES384 on P-384, ES512 on P-521 (RFC 7518 §3.4); nothing else. */
  private static final Map<String, ECParameterSpec> CURVES = Map.of(
      "ES256", curve("secp256r1"), "ES384", curve("secp384r1"), "ES512", curve("secp521r1"));

  private KeyAlgorithms() {}

  /** The HS* algorithms an HMAC secret of {@code bytes} bytes is long enough for. */
  static Set<String> forSecret(int bytes) {
    Set<String> fit = new LinkedHashSet<>();
    for (String alg : new String[] {"HS256", "HS384", "HS512"}) {
      if (bytes >= MIN_SECRET_BYTES.get(alg)) {
        fit.add(alg);
      }
    }
    return Set.copyOf(fit);
  }

  static int minimumSecretBytes(String hmacAlg) {
    return MIN_SECRET_BYTES.get(hmacAlg);
  }

  /** The algorithms {@code key} can verify; empty for a weak RSA key or an unknown curve. */
  static Set<String> forPublicKey(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return rsa.getModulus().bitLength() >= MIN_RSA_BITS ? RSA : Set.of();
    }
    if (key instanceof ECPublicKey ec) {
      for (Map.Entry<String, ECParameterSpec> e : CURVES.entrySet()) {
        if (sameCurve(e.getValue(), ec.getParams())) {
          return Set.of(e.getKey());
        }
      }
      return Set.of();
    }
    if (key instanceof EdECPublicKey) {
      return Set.of("EdDSA");
    }
    return Set.of();
  }

  /** A short description of the key, for start-up errors: never the key material. */
  static String describe(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return "RSA key of " + rsa.getModulus().bitLength() + " bits";
    }
    return key.getAlgorithm() + " key";
  }

  private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
    return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
        && a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor();
  }

  private static ECParameterSpec curve(String name) {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(name));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This Java runtime lacks the standard EC curve " + name, e);
    }
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new LinkedHashSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    if (!JwtConfig.KNOWN_ALGORITHMS.containsAll(all)) {
      throw new IllegalStateException("KeyAlgorithms names an alg the configuration does not know");
    }
    return Set.copyOf(all);
  }
}
