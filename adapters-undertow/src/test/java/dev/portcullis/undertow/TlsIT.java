package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.config.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code WS_TLS_CERT_FILE} and {@code WS_TLS_KEY_FILE} the endpoint serves {@code wss://} and its
 * routes {@code https://}, TLS 1.3 and 1.2 only, with certificates made at test time. This test JVM
 * re-enables TLS 1.1 in the JDK (see the Failsafe configuration), so that only the listener's own
 * protocol list can refuse it.
 */
class TlsIT {

  @TempDir
  static Path dir;
  private static X509Certificate rsaCertificate;
  private static TestServer rsa;

  @BeforeAll
  static void start() throws Exception {
    KeyPair keys = TestCertificates.rsa();
    rsaCertificate = TestCertificates.selfSigned(keys, 365);
    rsa = startTls(TestCertificates.write(dir, "rsa-cert.pem", TestCertificates.certificate(rsaCertificate)),
        TestCertificates.write(dir, "rsa-key.pem", TestCertificates.pkcs8(keys.getPrivate())));
  }

  @AfterAll
  static void stop() {
    rsa.close();
  }

  private static TestServer startTls(Path cert, Path key) {
    return TestServer.start(b -> b.tlsCertFile(cert).tlsKeyFile(key), TestServer.tuning(), null,
        HttpRoutesIT.routes(Map.of("/admin", HttpRoutesIT.describe("admin"))));
  }

  private static HttpClient client(X509Certificate trusted) throws Exception {
    return HttpClient.newBuilder().sslContext(TestCertificates.trusting(trusted)).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(WsClient.TIMEOUT).build();
  }

  private static void assertEchoesOverWss(TestServer server, X509Certificate trusted) throws Exception {
    URI uri = URI.create("wss://127.0.0.1:" + server.port() + server.path());
    try (WsClient ws = WsClient.connect(client(trusted), uri)) {
      ws.send("over tls");
      assertThat(ws.next()).isEqualTo("over tls");
    }
    assertThat(server.capture.next().secure()).isTrue();
  }

  private static SSLSocket tlsSocket(TestServer server, String... protocols) throws Exception {
    SSLSocket socket = (SSLSocket) TestCertificates.trusting(rsaCertificate).getSocketFactory()
        .createSocket("127.0.0.1", server.port());
    socket.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
    socket.setEnabledProtocols(protocols);
    return socket;
  }

  @Test
  void exchangesAMessageOverWssWithAnRsaCertificate() throws Exception {
    assertEchoesOverWss(rsa, rsaCertificate);
  }

  @Test
  void exchangesAMessageOverWssWithAnEcCertificate() throws Exception {
    KeyPair keys = TestCertificates.ec();
    X509Certificate certificate = TestCertificates.selfSigned(keys, 90);
    TestServer ec = startTls(TestCertificates.write(dir, "ec-cert.pem", TestCertificates.certificate(certificate)),
        TestCertificates.write(dir, "ec-key.pem", TestCertificates.pkcs8(keys.getPrivate())));
    try {
      assertEchoesOverWss(ec, certificate);
    } finally {
      ec.close();
    }
  }

  @Test
  void servesAMountedRouteOverHttps() throws Exception {
    HttpResponse<String> answer = client(rsaCertificate).send(HttpRequest.newBuilder(
        URI.create("https://127.0.0.1:" + rsa.port() + "/admin/blocks")).timeout(WsClient.TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).startsWith("route=admin relative=/blocks ").contains("client=127.0.0.1:");
  }

  @Test
  void negotiatesTls13AndStillSpeaksTls12() throws Exception {
    try (SSLSocket socket = tlsSocket(rsa, "TLSv1.3", "TLSv1.2")) {
      socket.startHandshake();
      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
    }
    try (SSLSocket socket = tlsSocket(rsa, "TLSv1.2")) {
      socket.startHandshake();
      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
    }
  }

  @Test
  void refusesTls11AndTls10() throws Exception {
    for (String protocol : new String[] {"TLSv1.1", "TLSv1"}) {
      try (SSLSocket socket = tlsSocket(rsa, protocol)) {
        assertThatThrownBy(socket::startHandshake)
            .as("a %s handshake", protocol)
            .isInstanceOf(SSLHandshakeException.class)
            .hasMessageContaining("protocol_version"); // the server's alert: the client did offer it
      }
    }
  }

  @Test
  void aPlainWebSocketRequestToTheTlsPortIsNeverUpgraded() throws Exception {
    rsa.capture.seen.clear();
    try (Socket socket = RawHttp.connect(rsa.port())) {
      socket.getOutputStream().write(RawHttp.upgrade(rsa.path()).bytes());
      String answer = readUntilClosed(socket.getInputStream());
      assertThat(answer).doesNotContain("HTTP/1.1").doesNotContain("101");
    }
    assertThat(rsa.capture.seen).isEmpty();
  }

  @Test
  void dropsAConnectionThatNeverStartsItsTlsHandshake() throws Exception {
    try (Socket silent = RawHttp.connect(rsa.port())) {
      long start = System.nanoTime();
      assertThat(silent.getInputStream().read()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(RawHttp.READ_TIMEOUT_MILLIS));
    }
  }

  @Test
  void refusesToStartWithAKeyOfAnotherPairAndBindsNothing() throws Exception {
    Path cert = dir.resolve("rsa-cert.pem");
    Path otherKey = TestCertificates.write(dir, "other-key.pem", TestCertificates.pkcs8(TestCertificates.rsa().getPrivate()));
    TestServer refused = TestServer.assemble(b -> b.tlsCertFile(cert).tlsKeyFile(otherKey), TestServer.tuning(), null,
        binder -> { });
    assertThatThrownBy(refused.transport::start)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Portcullis cannot start: 1 configuration error" + System.lineSeparator() + "  WS_TLS_KEY_FILE="
            + otherKey + ": is not the private key of the leaf certificate in WS_TLS_CERT_FILE (" + cert
            + "); both must come from one key pair");
    assertThatThrownBy(refused.transport::port).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesToStartWithAnExpiredCertificate() throws Exception {
    KeyPair keys = TestCertificates.ec();
    Instant now = Instant.now();
    X509Certificate expired = TestCertificates.selfSigned(keys, now.minus(Duration.ofDays(90)),
        now.minus(Duration.ofDays(1)));
    Path cert = TestCertificates.write(dir, "expired-cert.pem", TestCertificates.certificate(expired));
    Path key = TestCertificates.write(dir, "expired-key.pem", TestCertificates.pkcs8(keys.getPrivate()));
    TestServer refused = TestServer.assemble(b -> b.tlsCertFile(cert).tlsKeyFile(key), TestServer.tuning(), null,
        binder -> { });
    assertThatThrownBy(refused.transport::start)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WS_TLS_CERT_FILE=" + cert + ": its leaf certificate (CN=localhost) expired at "
            + expired.getNotAfter().toInstant());
  }

  @Test
  void refusesToStartWithAnEncryptedKey() throws Exception {
    Path cert = dir.resolve("rsa-cert.pem");
    Path key = TestCertificates.write(dir, "encrypted-key.pem",
        TestCertificates.legacyEncrypted(TestCertificates.rsa().getPrivate()));
    TestServer refused = TestServer.assemble(b -> b.tlsCertFile(cert).tlsKeyFile(key), TestServer.tuning(), null,
        binder -> { });
    assertThatThrownBy(refused.transport::start)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WS_TLS_KEY_FILE=" + key + ": holds an encrypted private key")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + key);
  }

  /** Whatever the server sends until it closes, as Latin-1 text; a read timeout fails the test. */
  private static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[512];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        bytes.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the TLS port neither answered nor closed a plain request", e);
    } catch (SocketException e) {
      // closed with our request unread: a reset, which ends the connection as surely
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}
