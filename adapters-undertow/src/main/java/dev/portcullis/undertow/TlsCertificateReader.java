package dev.portcullis.undertow;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the certificate chain of {@code WS_TLS_CERT_FILE}: one or more {@code CERTIFICATE} blocks,
 * the server's own (leaf) certificate first, each followed by the one that issued it, as TLS sends them
 * (RFC 8446 §4.4.2). Private key blocks are skipped, so one file may hold both; any other block is
 * refused, as is a chain out of order (clients would reject it, one by one, in production).
 * Stateless and thread-safe.
 */
final class TlsCertificateReader {

  private TlsCertificateReader() {}

  /**
   * The chain among {@code blocks}, leaf first.
   *
   * @throws IllegalArgumentException saying which certificate is wrong and why
   */
  static List<X509Certificate> read(List<PemBlocks.Block> blocks) {
    List<X509Certificate> chain = new ArrayList<>();
    CertificateFactory x509;
    try {
      x509 = CertificateFactory.getInstance("X.509");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK offers no X.509 certificate factory", e);
    }
    for (PemBlocks.Block block : blocks) {
      if (block.label().endsWith("PRIVATE KEY")) {
        continue;
      }
      if (!block.label().equals("CERTIFICATE")) {
        throw new IllegalArgumentException("holds a '" + block.label() + "' PEM block; only CERTIFICATE blocks "
            + "(leaf first) are read");
      }
      try {
        chain.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(block.der())));
      } catch (GeneralSecurityException | ClassCastException e) {
        throw new IllegalArgumentException("certificate " + (chain.size() + 1) + " is not a readable X.509 certificate");
      }
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("holds no CERTIFICATE PEM block");
    }
    for (int i = 1; i < chain.size(); i++) {
      if (!chain.get(i - 1).getIssuerX500Principal().equals(chain.get(i).getSubjectX500Principal())) {
        throw new IllegalArgumentException("certificate " + (i + 1) + " (" + chain.get(i).getSubjectX500Principal()
            + ") did not issue certificate " + i + "; the chain must run leaf first, each certificate followed by its "
            + "issuer");
      }
    }
    return List.copyOf(chain);
  }
}
