package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The test certificates serve {@code wss://} on a real node ({@code WS_TLS_CERT_FILE}, {@code WS_TLS_KEY_FILE}),
 * and a JDK WebSocket client that checks the host name is upgraded when it trusts the test authority
 * ({@link TestCertificates#clientContext()}) and refused when it trusts another.
 */
class TestCertificatesIT {

  private static final String SECRET = "test-certificates-it-secret-long-enough-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(TestCertificates.KeyType.class)
  void aNodeServesWssWithTheTestCertificates(TestCertificates.KeyType keyType) throws Exception {
    TestCertificates certificates = TestCertificates.create(dir, "node", keyType);
    try (PortcullisServer node = tlsNode(certificates)) {
      WebSocket socket = open(certificates.clientContext(), node);

      assertThat(socket.isInputClosed()).isFalse();
      socket.abort();
    }
  }

  @Test
  void aClientTrustingAnotherAuthorityIsRefusedTheHandshake() {
    TestCertificates certificates = TestCertificates.create(dir, "node", TestCertificates.KeyType.EC);
    TestCertificates stranger = TestCertificates.create(dir, "stranger", TestCertificates.KeyType.EC);
    try (PortcullisServer node = tlsNode(certificates)) {
      assertThatThrownBy(() -> open(stranger.clientContext(), node))
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("PKIX path building failed");
    }
  }

  private static PortcullisServer tlsNode(TestCertificates certificates) {
    return PortcullisServer.with(c -> c.jwtSecret(SECRET).tlsCertFile(certificates.certificateFile())
        .tlsKeyFile(certificates.keyFile())).start();
  }

  private static WebSocket open(SSLContext trust, PortcullisServer node) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trust).connectTimeout(WAIT).build();
    return client.newWebSocketBuilder()
        .header("Authorization", "Bearer " + node.minter().subject("tls-user").mint())
        .buildAsync(URI.create("wss://127.0.0.1:" + node.port() + "/ws"), new WebSocket.Listener() { })
        .orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .join();
  }
}
