package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.inject.Portcullis;
import dev.portcullis.core.port.HealthCheck;
import dev.portcullis.testkit.EchoHandler;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.RedisServer;
import dev.portcullis.testkit.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A redis-server that speaks only TLS, with a certificate authority and a server certificate made for
 * this run: nodes configured from the environment reach it with {@code rediss://}, trusting the CA named
 * by {@code WS_REDIS_TLS_CA_FILE}, and share their limits through it; a node that does not trust the
 * server's certificate never connects (there is no plain port to fall back to, and it never tries one),
 * says why in its log, and reports Redis unreachable in {@code /health}.
 */
class RedisTlsIT {

  static final String PASSWORD = "tls-and-a-password-9c1e";

  @TempDir
  static Path dir;
  private static Path trustedCa;
  private static Path strangerCa;
  private static RedisServer server;
  private static RedisServer guarded;
  private final List<Portcullis> nodes = new ArrayList<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  static void startTlsServers() {
    TestCertificates fleet = TestCertificates.create(dir, "fleet", TestCertificates.KeyType.EC);
    trustedCa = fleet.authorityFile();
    strangerCa = TestCertificates.create(dir, "stranger", TestCertificates.KeyType.EC).authorityFile();
    server = RedisServer.builder().tls(fleet).start();
    guarded = RedisServer.builder().tls(fleet).password(PASSWORD).start();
  }

  @AfterAll
  static void stopTlsServers() {
    server.close();
    guarded.close();
  }

  @BeforeEach
  void captureTheLog() {
    log.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);
  }

  @AfterEach
  void stopNodes() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    nodes.forEach(node -> node.stop(Duration.ofMillis(300)));
  }

  private Portcullis node(String url, Path ca, String prefix, String... more) {
    Map<String, String> env = Fleet.environment(url, prefix, more);
    env.putIfAbsent("WS_MAX_CONNECTIONS_PER_IP", "2");
    if (ca != null) {
      env.put("WS_REDIS_TLS_CA_FILE", ca.toString());
    }
    Portcullis node = Portcullis.with(PortcullisConfig.fromEnvironment(env)).handler(new EchoHandler()).start();
    nodes.add(node);
    return node;
  }

  private static int attempt(Portcullis node, String peer) {
    return RawHandshake.to(URI.create("ws://127.0.0.1:" + node.port() + "/ws")).from(peer)
        .bearer(Fleet.MINTER.subject("tess").mint()).timeout(Duration.ofSeconds(10)).send().status();
  }

  private static HealthCheck.Status health(Portcullis node) {
    return node.injector().getInstance(Key.get(new TypeLiteral<Set<HealthCheck>>() {})).stream()
        .filter(check -> check.name().equals("redis")).findFirst().orElseThrow().check();
  }

  private static RedisState state(Portcullis node) {
    return node.injector().getInstance(RedisState.class);
  }

  @Test
  void twoNodesTrustingTheCaShareOneLimitOverTls() {
    Portcullis a = node(server.uri(), trustedCa, "tls-shared");
    Portcullis b = node(server.uri(), trustedCa, "tls-shared");
    String peer = Peers.next();

    assertThat(state(a).endpoint().tls()).isTrue();
    assertThat(attempt(a, peer)).isEqualTo(101);
    assertThat(attempt(b, peer)).isEqualTo(101);
    assertThat(attempt(a, peer)).as("the third attempt, counted across both nodes").isEqualTo(429);
    assertThat(attempt(b, peer)).isEqualTo(429);

    assertThat(state(a).guard().failures() + state(b).guard().failures()).isZero();
    assertThat(health(a).ready()).isTrue();
    assertThat(health(a).detail()).startsWith("shared state");
  }

  @Test
  void aPasswordAndTlsTogetherOpenAGuardedServer() {
    String url = "rediss://:" + PASSWORD + "@127.0.0.1:" + guarded.port();
    Portcullis a = node(url, trustedCa, "tls-password");
    Portcullis b = node(url, trustedCa, "tls-password");
    String peer = Peers.next();

    assertThat(attempt(a, peer)).isEqualTo(101);
    assertThat(attempt(b, peer)).isEqualTo(101);
    assertThat(attempt(b, peer)).isEqualTo(429);
    assertThat(state(a).connected()).isTrue();
    assertThat(log.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(PASSWORD));
  }

  @Test
  void aServerCertificateFromAnotherCaIsNeverTrustedAndTheNodeSaysSo() {
    Portcullis node = node(server.uri(), strangerCa, "tls-stranger", "WS_REDIS_TIMEOUT", "300");

    assertThat(state(node).connected()).as("the TLS handshake failed: no connection at all").isFalse();
    Eventually.within(Duration.ofSeconds(5), () -> {
      assertThat(health(node).detail()).startsWith("unreachable");
    });
    assertThat(attempt(node, Peers.next())).as("answered by the failure mode (local)").isEqualTo(101);
    assertThat(log.list).anySatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.ERROR);
      assertThat(e.getFormattedMessage()).contains("TLS handshake with Redis at rediss://127.0.0.1:" + server.port()
          + " failed").contains("WS_REDIS_TLS_CA_FILE").contains("never in plain text");
    });
  }

  @Test
  void withoutACaFileTheJvmTrustStoreDecidesAndDoesNotKnowATestCa() {
    Portcullis node = node(server.uri(), null, "tls-jvm");

    assertThat(state(node).connected()).isFalse();
    assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
        .contains("not trusted by the JVM's trust store (set WS_REDIS_TLS_CA_FILE)"));
  }

  @Test
  void aCaFileThatHoldsNoCertificateStopsStartUp() throws IOException {
    Path notPem = Files.writeString(dir.resolve("not-a-ca.pem"), "hello\n");

    assertThatThrownBy(() -> node(server.uri(), notPem, "tls-bad-file"))
        .hasStackTraceContaining("WS_REDIS_TLS_CA_FILE " + notPem + " holds no readable PEM certificate");
  }
}
