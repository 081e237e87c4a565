package dev.portcullis.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at test time with BouncyCastle, and server certificates it signs for
 * {@code 127.0.0.1} and {@code localhost}, written as PEM files the way OpenSSL writes them (certificate,
 * PKCS#8 key) for a TLS redis-server and for {@code WS_REDIS_TLS_CA_FILE}. Immutable and thread-safe.
 */
final class TestAuthority {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestAuthority(String name) {
    this.name = name;
    this.keys = ecKeys();
    Instant now = Instant.now();
    this.certificate = issue(keys, "CN=" + name, keys, "CN=" + name, now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(2)), true);
  }

  /** A new authority named {@code name}, with a key of its own. */
  static TestAuthority create(String name) {
    return new TestAuthority(name);
  }

  /** Writes this authority's certificate to {@code dir/<name>-ca.pem}. */
  Path writeCertificate(Path dir) {
    return write(dir.resolve(name + "-ca.pem"), pem("CERTIFICATE", encoded(certificate)));
  }

  /** A server certificate and key for 127.0.0.1 and localhost, signed by this authority, written to {@code dir}. */
  ServerFiles issueServer(Path dir) {
    KeyPair server = ecKeys();
    Instant now = Instant.now();
    X509Certificate leaf = issue(server, "CN=localhost", keys, "CN=" + name, now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(2)), false);
    return new ServerFiles(write(dir.resolve(name + "-server.pem"), pem("CERTIFICATE", encoded(leaf))),
        write(dir.resolve(name + "-server.key"), pem("PRIVATE KEY", server.getPrivate().getEncoded())));
  }

  /** A server's certificate and key files. */
  record ServerFiles(Path certificate, Path key) {}

  private static X509Certificate issue(KeyPair subjectKeys, String subject, KeyPair issuerKeys, String issuer,
      Instant notBefore, Instant notAfter, boolean authority) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
          new X500Name(subject), subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
      if (authority) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
      }
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has EC P-256", e);
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
