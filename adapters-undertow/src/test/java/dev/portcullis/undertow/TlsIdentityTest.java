package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.portcullis.core.config.ConfigViolation;
import dev.portcullis.core.config.ConfigurationException;
import dev.portcullis.core.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code WS_TLS_CERT_FILE} and {@code WS_TLS_KEY_FILE} may hold, and every refusal's message. */
class TlsIdentityTest {

  private static final KeyPair RSA = TestCertificates.rsa();
  private static final X509Certificate RSA_CERT = TestCertificates.selfSigned(RSA, 365);

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock(Instant.now());

  private TlsIdentity load(Path cert, Path key) {
    return TlsIdentity.load(cert, key, clock);
  }

  private Path file(String name, String... pems) throws Exception {
    return TestCertificates.write(dir, name, pems);
  }

  private Path rsaCert() throws Exception {
    return file("cert.pem", TestCertificates.certificate(RSA_CERT));
  }

  /** The one violation of a refused load. */
  private ConfigViolation refusal(Path cert, Path key) {
    ConfigurationException refused = (ConfigurationException) catchThrowable(() -> load(cert, key));
    assertThat(refused).as("a refusal").isNotNull();
    assertThat(refused.violations()).hasSize(1);
    return refused.violations().get(0);
  }

  @Test
  void servesAnRsaCertificateWithItsPkcs8Key() throws Exception {
    TlsIdentity identity = load(rsaCert(), file("key.pem", TestCertificates.pkcs8(RSA.getPrivate())));
    assertThat(identity.subject()).isEqualTo("CN=localhost");
    assertThat(identity.notAfter()).isEqualTo(RSA_CERT.getNotAfter().toInstant());
    SSLContext context = identity.sslContext();
    assertThat(context.createSSLEngine().getSupportedProtocols()).contains("TLSv1.3", "TLSv1.2");
  }

  @Test
  void servesEcAndEd25519Pkcs8Keys() throws Exception {
    for (KeyPair keys : new KeyPair[] {TestCertificates.ec(), TestCertificates.ed25519()}) {
      Path cert = file("cert.pem", TestCertificates.certificate(TestCertificates.selfSigned(keys, 90)));
      Path key = file("key.pem", TestCertificates.pkcs8(keys.getPrivate()));
      assertThat(load(cert, key).sslContext()).isNotNull();
    }
  }

  @Test
  void servesAPkcs1RsaKey() throws Exception {
    String pkcs1 = TestCertificates.traditional(RSA.getPrivate());
    assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(load(rsaCert(), file("key.pem", pkcs1))).isNotNull();
  }

  @Test
  void servesOneFileHoldingBothTheKeyAndTheCertificate() throws Exception {
    Path both = file("both.pem", TestCertificates.pkcs8(RSA.getPrivate()), TestCertificates.certificate(RSA_CERT));
    assertThat(load(both, both).subject()).isEqualTo("CN=localhost");
  }

  @Test
  void servesAChainLeafFirstAndRefusesItOutOfOrder() throws Exception {
    KeyPair authority = TestCertificates.ec();
    Instant now = Instant.now();
    X509Certificate ca = TestCertificates.issue(authority, "CN=Test CA", authority, "CN=Test CA",
        now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), true);
    X509Certificate leaf = TestCertificates.issue(RSA, "CN=localhost", authority, "CN=Test CA",
        now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)), false);
    Path key = file("key.pem", TestCertificates.pkcs8(RSA.getPrivate()));

    Path ordered = file("chain.pem", TestCertificates.certificate(leaf), TestCertificates.certificate(ca));
    assertThat(load(ordered, key).subject()).isEqualTo("CN=localhost");

    Path reversed = file("reversed.pem", TestCertificates.certificate(ca), TestCertificates.certificate(leaf));
    ConfigViolation refused = refusal(reversed, key);
    assertThat(refused.variable()).isEqualTo("WS_TLS_CERT_FILE");
    assertThat(refused.rule()).contains("leaf first");
  }

  @Test
  void refusesAnSec1EcKeyNamingTheFileAndTheConversion() throws Exception {
    KeyPair ec = TestCertificates.ec();
    Path cert = file("cert.pem", TestCertificates.certificate(TestCertificates.selfSigned(ec, 90)));
    Path key = file("ec.pem", TestCertificates.traditional(ec.getPrivate()));
    ConfigViolation refused = refusal(cert, key);
    assertThat(refused.variable()).isEqualTo("WS_TLS_KEY_FILE");
    assertThat(refused.value()).isEqualTo(key.toString());
    assertThat(refused.rule()).contains("SEC1 'EC PRIVATE KEY'")
        .contains("openssl pkcs8 -topk8 -nocrypt -in " + key);
    assertNoKeyMaterial(refused, ec);
  }

  @Test
  void refusesEncryptedKeysOfEitherKind() throws Exception {
    for (String encrypted : new String[] {TestCertificates.encryptedPkcs8(RSA.getPrivate()),
        TestCertificates.legacyEncrypted(RSA.getPrivate())}) {
      ConfigViolation refused = refusal(rsaCert(), file("key.pem", encrypted));
      assertThat(refused.rule()).contains("encrypted private key").contains("openssl pkcs8 -topk8 -nocrypt");
      assertNoKeyMaterial(refused, RSA);
    }
  }

  @Test
  void refusesAKeyOfAnotherPair() throws Exception {
    KeyPair other = TestCertificates.rsa();
    ConfigViolation refused = refusal(rsaCert(), file("key.pem", TestCertificates.pkcs8(other.getPrivate())));
    assertThat(refused.variable()).isEqualTo("WS_TLS_KEY_FILE");
    assertThat(refused.rule()).startsWith("is not the private key of the leaf certificate in WS_TLS_CERT_FILE");
    assertNoKeyMaterial(refused, other);

    KeyPair ec = TestCertificates.ec();
    assertThat(refusal(rsaCert(), file("ec-key.pem", TestCertificates.pkcs8(ec.getPrivate()))).rule())
        .startsWith("is not the private key of the leaf certificate");
  }

  @Test
  void refusesAnExpiredOrNotYetValidCertificate() throws Exception {
    Path key = file("key.pem", TestCertificates.pkcs8(RSA.getPrivate()));
    clock.set(RSA_CERT.getNotAfter().toInstant().plusSeconds(1));
    ConfigViolation expired = refusal(rsaCert(), key);
    assertThat(expired.variable()).isEqualTo("WS_TLS_CERT_FILE");
    assertThat(expired.rule()).isEqualTo("its leaf certificate (CN=localhost) expired at "
        + RSA_CERT.getNotAfter().toInstant());

    clock.set(RSA_CERT.getNotBefore().toInstant().minusSeconds(1));
    assertThat(refusal(rsaCert(), key).rule()).contains("is not valid before " + RSA_CERT.getNotBefore().toInstant());
  }

  @Test
  void warnsOfACertificateExpiringWithin30Days() throws Exception {
    Path key = file("key.pem", TestCertificates.pkcs8(RSA.getPrivate()));
    try (LogCapture log = LogCapture.everything()) {
      clock.set(RSA_CERT.getNotAfter().toInstant().minus(Duration.ofDays(31)));
      load(rsaCert(), key);
      assertThat(log.lines()).noneMatch(line -> line.contains("expires at"));

      clock.set(RSA_CERT.getNotAfter().toInstant().minus(Duration.ofDays(29)).minusSeconds(1));
      load(rsaCert(), key);
      assertThat(log.lines()).anyMatch(line -> line.startsWith(TlsIdentity.class.getName())
          && line.contains("(CN=localhost) expires at " + RSA_CERT.getNotAfter().toInstant() + ", in 29 days"));
    }
  }

  @Test
  void warnsOfAPrivateKeyItsGroupOrEveryoneMayRead() throws Exception {
    Path key = file("key.pem", TestCertificates.pkcs8(RSA.getPrivate()));
    try (LogCapture log = LogCapture.everything()) {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      load(rsaCert(), key);
      assertThat(log.lines()).noneMatch(line -> line.contains("chmod 600"));

      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
      load(rsaCert(), key);
      assertThat(log.lines()).anyMatch(line -> line.startsWith(TlsIdentity.class.getName())
          && line.contains("may be read by its group or by everyone (rw-r--r--): chmod 600 it"));
    }
  }

  @Test
  void refusesFilesThatHoldNoPem() throws Exception {
    Path key = file("key.pem", TestCertificates.pkcs8(RSA.getPrivate()));
    assertThat(refusal(file("empty.pem"), key).rule()).startsWith("holds no PEM block");
    Path der = Files.write(dir.resolve("cert.der"), RSA_CERT.getEncoded());
    assertThat(refusal(der, key).rule()).isEqualTo("holds no PEM block (-----BEGIN ...-----); DER files are not read");
    assertThat(refusal(dir.resolve("missing.pem"), key).rule()).isEqualTo("cannot be read (NoSuchFileException)");
    Path huge = Files.write(dir.resolve("huge.pem"), new byte[(int) TlsIdentity.MAX_FILE_BYTES + 1]);
    assertThat(refusal(huge, key).rule()).startsWith("is larger than 1024 KiB");
  }

  @Test
  void refusesACertificateFileWithoutCertificatesOrWithOtherBlocks() throws Exception {
    Path key = file("key.pem", TestCertificates.pkcs8(RSA.getPrivate()));
    assertThat(refusal(file("only-key.pem", TestCertificates.pkcs8(RSA.getPrivate())), key).rule())
        .isEqualTo("holds no CERTIFICATE PEM block");
    assertThat(refusal(file("csr.pem", TestCertificates.pem("CERTIFICATE REQUEST", new byte[] {1, 2})), key).rule())
        .startsWith("holds a 'CERTIFICATE REQUEST' PEM block; only CERTIFICATE blocks");
    assertThat(refusal(file("junk.pem", TestCertificates.pem("CERTIFICATE", new byte[] {1, 2, 3})), key).rule())
        .isEqualTo("certificate 1 is not a readable X.509 certificate");
  }

  @Test
  void refusesAKeyFileWithoutOneReadableKey() throws Exception {
    assertThat(refusal(rsaCert(), rsaCert()).rule()).startsWith("holds no private key");
    String two = TestCertificates.pkcs8(RSA.getPrivate());
    assertThat(refusal(rsaCert(), file("two.pem", two, two)).rule()).startsWith("holds 2 PEM blocks besides");
    assertThat(refusal(rsaCert(), file("junk.pem", TestCertificates.pem("PRIVATE KEY", new byte[] {1, 2, 3}))).rule())
        .isEqualTo("holds a 'PRIVATE KEY' that is not a readable RSA, EC or Ed25519 PKCS#8 key");
    assertThat(refusal(rsaCert(), file("ssh.pem", TestCertificates.pem("OPENSSH PRIVATE KEY", new byte[] {1}))).rule())
        .startsWith("holds a 'OPENSSH PRIVATE KEY' PEM block, not a PKCS#8 'PRIVATE KEY'; convert it with");
  }

  @Test
  void reportsEveryProblemAtOnce() throws Exception {
    assertThatThrownBy(() -> load(file("empty.pem"), file("ec.pem", TestCertificates.traditional(
        TestCertificates.ec().getPrivate()))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Portcullis cannot start: 2 configuration errors")
        .hasMessageContaining("WS_TLS_CERT_FILE=" + dir.resolve("empty.pem") + ": holds no PEM block")
        .hasMessageContaining("WS_TLS_KEY_FILE=" + dir.resolve("ec.pem") + ": holds a SEC1");
  }

  /** No 16 characters of the key's base64 anywhere in the refusal. */
  private static void assertNoKeyMaterial(ConfigViolation refusal, KeyPair keys) {
    String encoded = Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
    String text = refusal.toString();
    for (int i = 0; i + 16 <= encoded.length(); i += 8) {
      assertThat(text).doesNotContain(encoded.substring(i, i + 16));
    }
  }
}
