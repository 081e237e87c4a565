package dev.portcullis.jwt;

import dev.portcullis.core.config.ConfigViolation;
import dev.portcullis.core.config.ConfigurationException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an X.509 SubjectPublicKeyInfo PEM ({@code -----BEGIN PUBLIC KEY-----}) with the JDK's own
 * {@link KeyFactory}s. Errors name the variable and never quote the PEM. Stateless and thread-safe.
 */
final class PemPublicKeys {

  static final String VARIABLE = "WS_JWT_PUBLIC_KEY";
  /** How the value appears in errors: the text is never repeated, even though it is public. */
  static final String SHOWN = "<pem>";

  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");
  /** "EdDSA" covers Ed25519 and Ed448 (JDK 15+). */
  private static final List<String> KEY_FACTORIES = List.of("RSA", "EC", "EdDSA");

  private PemPublicKeys() {}

  /** @throws ConfigurationException naming {@code WS_JWT_PUBLIC_KEY} when the text is no such key */
  static PublicKey parse(String pem) {
    Matcher m = PEM.matcher(pem.strip());
    if (!m.matches()) {
      throw invalid("must be a PEM public key (-----BEGIN PUBLIC KEY-----, X.509 SubjectPublicKeyInfo)");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(m.group(1).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw invalid("the PEM body is not valid base64");
    }
    X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
    for (String algorithm : KEY_FACTORIES) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(spec);
      } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
        // not this kind of key: try the next
      }
    }
    throw invalid("the PEM holds no RSA, EC or EdDSA public key this Java runtime can read");
  }

  private static ConfigurationException invalid(String rule) {
    return new ConfigurationException(List.of(new ConfigViolation(VARIABLE, SHOWN, rule)));
  }
}
