package dev.portcullis.undertow;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys and X.509 certificates made at test time with BouncyCastle, written as PEM the way OpenSSL
 * writes them: certificates for {@code 127.0.0.1} and {@code localhost}, keys in PKCS#8, PKCS#1, SEC1
 * and encrypted forms. Thread-safe.
 */
final class TestCertificates {

  /** For the pass-phrase ciphers the JDK names differently; never registered globally. */
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private TestCertificates() {}

  static KeyPair rsa() {
    return generate("RSA", 2048);
  }

  static KeyPair ec() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ed25519() {
    return generate("Ed25519", 0);
  }

  private static KeyPair generate(String algorithm, int size) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (size > 0) {
        generator.initialize(size);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A self-signed server certificate for 127.0.0.1 and localhost, valid from an hour ago for {@code days}. */
  static X509Certificate selfSigned(KeyPair keys, long days) {
    Instant now = Instant.now();
    return selfSigned(keys, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(days)));
  }

  static X509Certificate selfSigned(KeyPair keys, Instant notBefore, Instant notAfter) {
    return issue(keys, "CN=localhost", keys, "CN=localhost", notBefore, notAfter, false);
  }

  /** A certificate for {@code subject}'s key signed by {@code issuerKeys} in the name of {@code issuer}. */
  static X509Certificate issue(KeyPair subjectKeys, String subject, KeyPair issuerKeys, String issuer,
      Instant notBefore, Instant notAfter, boolean authority) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
          new X500Name(subject), subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
      String algorithm = switch (issuerKeys.getPrivate().getAlgorithm()) {
        case "RSA" -> "SHA256withRSA";
        case "EC" -> "SHA256withECDSA";
        default -> "Ed25519";
      };
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  static String certificate(X509Certificate certificate) {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code -----BEGIN PRIVATE KEY-----}: what {@code openssl pkcs8 -topk8 -nocrypt} writes. */
  static String pkcs8(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  /** What OpenSSL's traditional format is: PKCS#1 {@code RSA PRIVATE KEY} or SEC1 {@code EC PRIVATE KEY}. */
  static String traditional(PrivateKey key) {
    return traditional(key, null);
  }

  /** A traditional key under OpenSSL's legacy encryption ({@code Proc-Type: 4,ENCRYPTED}). */
  static String legacyEncrypted(PrivateKey key) {
    return traditional(key, "AES-128-CBC");
  }

  /** {@code -----BEGIN ENCRYPTED PRIVATE KEY-----}: PKCS#8 under a pass phrase. */
  static String encryptedPkcs8(PrivateKey key) {
    try {
      return pemOf(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
          .setProvider(BC).setPassword("pass phrase".toCharArray()).build()));
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String traditional(PrivateKey key, String cipher) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      if (cipher == null) {
        pem.writeObject(key);
      } else {
        pem.writeObject(key, new JcePEMEncryptorBuilder(cipher).setProvider(BC).build("pass phrase".toCharArray()));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return text.toString();
  }

  private static String pemOf(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return text.toString();
  }

  /** Writes {@code pems} one after another into {@code dir/name}. */
  static Path write(Path dir, String name, String... pems) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("", pems), StandardCharsets.US_ASCII);
  }

  /** A client context that trusts {@code certificate} alone. */
  static SSLContext trusting(X509Certificate certificate) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("server", certificate);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
