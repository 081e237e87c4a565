package dev.portcullis.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test run and a server certificate it signs for {@code 127.0.0.1}
 * and {@code localhost}, written into a directory as PEM files the way OpenSSL writes them (certificates,
 * a PKCS#8 key), so that a test can serve {@code wss://} ({@code WS_TLS_CERT_FILE}, {@code WS_TLS_KEY_FILE}),
 * run a TLS-only {@link RedisServer} ({@link RedisServer.Builder#tls(TestCertificates)}) and trust the
 * authority ({@code WS_REDIS_TLS_CA_FILE}, or {@link #clientContext()} for a Java client).
 *
 * <pre>{@code
 * TestCertificates certificates = TestCertificates.create(tempDir, "fleet", TestCertificates.KeyType.EC);
 * RedisServer redis = RedisServer.builder().tls(certificates).start();
 * // WS_REDIS_URL=redis.uri() (rediss://...), WS_REDIS_TLS_CA_FILE=certificates.authorityFile()
 * }</pre>
 *
 * <p>Certificates are valid from an hour ago (a little clock skew) for two days. Nothing here is fit for
 * anything but tests: the keys are written unencrypted. Immutable and thread-safe.
 */
public final class TestCertificates {

  /** The kind of key of the authority and of the server, and so the signature algorithm. */
  public enum KeyType {
    /** EC on P-256, signed {@code SHA256withECDSA}. */
    EC("SHA256withECDSA"),
    /** RSA of 2048 bits, signed {@code SHA256withRSA}. */
    RSA("SHA256withRSA");

    private final String signature;

    KeyType(String signature) {
      this.signature = signature;
    }

    private KeyPair generate() {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(name());
        if (this == EC) {
          generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
          generator.initialize(2048);
        }
        return generator.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("every JVM generates " + this + " keys", e);
      }
    }
  }

  private static final Duration SKEW = Duration.ofHours(1);
  private static final Duration VALIDITY = Duration.ofDays(2);
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final KeyType keyType;
  private final X509Certificate authority;
  private final X509Certificate certificate;
  private final Path authorityFile;
  private final Path certificateFile;
  private final Path keyFile;

  private TestCertificates(Path dir, String name, KeyType keyType) {
    this.keyType = keyType;
    KeyPair authorityKeys = keyType.generate();
    KeyPair serverKeys = keyType.generate();
    Instant now = Instant.now();
    this.authority = authority(authorityKeys, "CN=" + name + " test CA", now);
    this.certificate = server(serverKeys, authority, authorityKeys, now);
    this.authorityFile = write(dir.resolve(name + "-ca.pem"), pem("CERTIFICATE", encoded(authority)));
    this.certificateFile = write(dir.resolve(name + "-server.pem"), pem("CERTIFICATE", encoded(certificate)));
    this.keyFile = write(dir.resolve(name + "-server.key"), pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
  }

  /** An EC authority named {@code test} and its server certificate, written into {@code dir}. */
  public static TestCertificates create(Path dir) {
    return create(dir, "test", KeyType.EC);
  }

  /**
   * A new authority and a server certificate it signs, both with {@code keyType} keys, written into
   * {@code dir} (which must exist) as {@code <name>-ca.pem}, {@code <name>-server.pem} and
   * {@code <name>-server.key}; {@code name} keeps several sets apart in one directory.
   */
  public static TestCertificates create(Path dir, String name, KeyType keyType) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(keyType, "keyType");
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("a certificate set's name must be letters, digits, '.', '_' or '-', not "
          + name);
    }
    return new TestCertificates(dir, name, keyType);
  }

  public KeyType keyType() {
    return keyType;
  }

  /** The authority's self-signed certificate. */
  public X509Certificate authority() {
    return authority;
  }

  /** The server certificate, for {@code 127.0.0.1} and {@code localhost}. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The PEM file of the authority's certificate: what a client trusts. */
  public Path authorityFile() {
    return authorityFile;
  }

  /** The PEM file of the server certificate. */
  public Path certificateFile() {
    return certificateFile;
  }

  /** The PEM file of the server's unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}). */
  public Path keyFile() {
    return keyFile;
  }

  /** A TLS client context that trusts this authority and nothing else (not the JVM's trust store). */
  public SSLContext clientContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("test-authority", authority);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context trusting the test authority", e);
    }
  }

  private X509Certificate authority(KeyPair keys, String subject, Instant now) {
    X500Name name = new X500Name(subject);
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, nextSerial(), Date.from(now.minus(SKEW)),
        Date.from(now.plus(VALIDITY)), name, keys.getPublic());
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          extensions.createSubjectKeyIdentifier(keys.getPublic()));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot describe the test authority", e);
    }
    return sign(builder, keys);
  }

  private X509Certificate server(KeyPair keys, X509Certificate issuer, KeyPair issuerKeys, Instant now) {
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, nextSerial(),
        Date.from(now.minus(SKEW)), Date.from(now.plus(VALIDITY)), new X500Name("CN=localhost"), keys.getPublic());
    int usage = keyType == KeyType.RSA ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
        : KeyUsage.digitalSignature;
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          extensions.createSubjectKeyIdentifier(keys.getPublic()));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          extensions.createAuthorityKeyIdentifier(issuer));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot describe the test server certificate", e);
    }
    return sign(builder, issuerKeys);
  }

  private X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys) {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(keyType.signature).build(issuerKeys.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a test certificate with " + keyType.signature, e);
    }
  }

  private static BigInteger nextSerial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode a test certificate", e);
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
