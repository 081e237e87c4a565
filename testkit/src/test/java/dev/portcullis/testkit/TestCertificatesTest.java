package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The authority, the server certificate it signs and the PEM files, read back as a TLS peer would. */
class TestCertificatesTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(TestCertificates.KeyType.class)
  void theServerCertificateIsSignedByTheAuthorityForLoopback(TestCertificates.KeyType keyType) throws Exception {
    TestCertificates certificates = TestCertificates.create(dir, "unit", keyType);
    X509Certificate server = read(certificates.certificateFile());
    X509Certificate authority = read(certificates.authorityFile());

    server.verify(authority.getPublicKey());
    server.checkValidity();
    authority.verify(authority.getPublicKey());
    assertThat(authority.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
    assertThat(server.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(7, "127.0.0.1"),
        List.of(2, "localhost"));
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(server.getPublicKey().getAlgorithm()).isEqualTo(keyType.name());
    assertThat(server).isEqualTo(certificates.certificate());
    assertThat(authority).isEqualTo(certificates.authority());
  }

  @ParameterizedTest
  @EnumSource(TestCertificates.KeyType.class)
  void theKeyFileHoldsThePrivateHalfOfTheServerCertificate(TestCertificates.KeyType keyType) throws Exception {
    TestCertificates certificates = TestCertificates.create(dir, "unit", keyType);
    String pem = Files.readString(certificates.keyFile());
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
    PrivateKey key = KeyFactory.getInstance(keyType.name()).generatePrivate(new PKCS8EncodedKeySpec(
        Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
    String algorithm = keyType == TestCertificates.KeyType.EC ? "SHA256withECDSA" : "SHA256withRSA";

    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update("hello".getBytes());
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificates.certificate().getPublicKey());
    verifier.update("hello".getBytes());

    assertThat(verifier.verify(signature)).isTrue();
  }

  @Test
  void namedSetsLieSideBySideInOneDirectory() {
    TestCertificates fleet = TestCertificates.create(dir, "fleet", TestCertificates.KeyType.EC);
    TestCertificates stranger = TestCertificates.create(dir, "stranger", TestCertificates.KeyType.EC);

    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("fleet-ca.pem", "fleet-server.pem", "fleet-server.key",
        "stranger-ca.pem", "stranger-server.pem", "stranger-server.key");
    assertThat(fleet.authority()).isNotEqualTo(stranger.authority());
    assertThat(TestCertificates.create(dir).authorityFile()).isEqualTo(dir.resolve("test-ca.pem"));
  }

  @Test
  void aNameThatIsNoFileNameIsRefused() {
    assertThatThrownBy(() -> TestCertificates.create(dir, "../elsewhere", TestCertificates.KeyType.EC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../elsewhere");
  }

  private static X509Certificate read(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
