package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real redis-server processes, spoken to in RESP over real sockets: what the launcher promises about
 * ports, outages, passwords, TLS with {@link TestCertificates}, and Sentinels.
 */
class RedisServerIT {

  private static final Duration READ = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  @Test
  void aStartedServerAnswersOnItsPortWithoutPersistence() throws IOException {
    try (RedisServer redis = RedisServer.start()) {
      assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
      assertThat(redis.isRunning()).isTrue();
      assertThat(call(redis.port(), "PING")).isEqualTo("+PONG");
      assertThat(call(redis.port(), "CONFIG", "GET", "appendonly")).isEqualTo("appendonly no");
      assertThat(call(redis.port(), "CONFIG", "GET", "save")).isEqualTo("save ");
    }
  }

  @Test
  void aKilledServerRestartsEmptyOnTheSamePort() throws IOException {
    try (RedisServer redis = RedisServer.start()) {
      int port = redis.port();
      assertThat(call(port, "SET", "k", "v")).isEqualTo("+OK");

      redis.kill();
      assertThat(redis.isRunning()).isFalse();
      assertThatThrownBy(() -> call(port, "PING")).isInstanceOf(ConnectException.class);

      redis.restart();
      assertThat(redis.port()).isEqualTo(port);
      assertThat(call(port, "GET", "k")).as("nothing persisted").isEqualTo("(nil)");
    }
  }

  @Test
  void aPausedServerHoldsItsSocketsAndAnswersOnceResumed() throws IOException {
    try (RedisServer redis = RedisServer.start()) {
      redis.pause();
      assertThat(redis.isRunning()).as("a stopped process still lives").isTrue();
      assertThatThrownBy(() -> call(redis.port(), Duration.ofMillis(300), "PING"))
          .isInstanceOf(SocketTimeoutException.class);

      redis.resume();
      assertThat(call(redis.port(), "PING")).isEqualTo("+PONG");
    }
  }

  @Test
  void restartingARunningServerIsRefused() {
    try (RedisServer redis = RedisServer.start()) {
      assertThatThrownBy(redis::restart).isInstanceOf(IllegalStateException.class)
          .hasMessage("redis-server on port " + redis.port() + " is still running: kill() it first");
    }
  }

  @Test
  void closingAPausedServerEndsIt() {
    RedisServer redis = RedisServer.start();
    redis.pause();

    redis.close();

    assertThat(redis.isRunning()).isFalse();
    assertThatThrownBy(() -> call(redis.port(), "PING")).isInstanceOf(ConnectException.class);
    assertThatThrownBy(redis::pause).hasMessage("redis-server on port " + redis.port() + " is not running");
  }

  @Test
  void aPasswordIsRequiredAndCarriedByTheUriButNeverByToString() throws IOException {
    try (RedisServer redis = RedisServer.builder().password("s3cret-pass").start()) {
      assertThat(call(redis.port(), "PING")).startsWith("-NOAUTH");
      assertThat(redis.uri()).isEqualTo("redis://:s3cret-pass@127.0.0.1:" + redis.port());
      assertThat(redis.toString()).isEqualTo("redis-server redis://127.0.0.1:" + redis.port())
          .doesNotContain("s3cret-pass");
    }
  }

  @Test
  void extraArgumentsReachTheServer() throws IOException {
    try (RedisServer redis = RedisServer.builder().arguments("--maxmemory", "3mb").start()) {
      assertThat(call(redis.port(), "CONFIG", "GET", "maxmemory")).isEqualTo("maxmemory " + 3 * 1024 * 1024);
    }
  }

  @ParameterizedTest
  @EnumSource(TestCertificates.KeyType.class)
  void aTlsServerIsReachedByAClientTrustingTheTestAuthority(TestCertificates.KeyType keyType) throws IOException {
    TestCertificates certificates = TestCertificates.create(dir, "redis", keyType);
    try (RedisServer redis = RedisServer.builder().tls(certificates).start()) {
      assertThat(redis.uri()).isEqualTo("rediss://127.0.0.1:" + redis.port());

      try (SSLSocket socket = tls(certificates.clientContext(), redis.port())) {
        socket.startHandshake();
        assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(certificates.certificate());
        assertThat(exchange(socket, "PING")).isEqualTo("+PONG");
      }
    }
  }

  @Test
  void aTlsServerIsRefusedByAClientTrustingAnotherAuthorityAndHasNoPlainPort() throws IOException {
    TestCertificates certificates = TestCertificates.create(dir, "redis", TestCertificates.KeyType.EC);
    TestCertificates stranger = TestCertificates.create(dir, "stranger", TestCertificates.KeyType.EC);
    try (RedisServer redis = RedisServer.builder().tls(certificates).start();
        SSLSocket socket = tls(stranger.clientContext(), redis.port())) {
      assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
      assertThat(plainTextAnswer(redis.port())).as("plain text on the TLS port").isIn("(closed)", "(reset)");
    }
  }

  @Test
  void aSentinelWatchesItsPrimary() throws IOException {
    try (RedisServer primary = RedisServer.start();
        RedisServer sentinel = RedisServer.startSentinel("main", primary, 1, Duration.ofSeconds(1))) {
      assertThat(call(sentinel.port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "main"))
          .isEqualTo("127.0.0.1 " + primary.port());
    }
  }

  /** What a plain-text {@code PING} gets: the server hangs up, with or without a reset. */
  private static String plainTextAnswer(int port) throws IOException {
    try {
      return call(port, "PING");
    } catch (SocketException e) {
      return "(reset)";
    }
  }

  private static SSLSocket tls(SSLContext context, int port) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name 127.0.0.1
    socket.setSSLParameters(parameters);
    socket.setSoTimeout((int) READ.toMillis());
    return socket;
  }

  private static String call(int port, String... command) throws IOException {
    return call(port, READ, command);
  }

  private static String call(int port, Duration timeout, String... command) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      return exchange(socket, command);
    }
  }

  /**
   * Sends one RESP command and reads its answer: a status or error line as is, a bulk string as its text,
   * {@code (nil)} for a null, an array's elements joined by spaces.
   */
  private static String exchange(Socket socket, String... command) throws IOException {
    StringBuilder request = new StringBuilder("*" + command.length + "\r\n");
    for (String part : command) {
      request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part)
          .append("\r\n");
    }
    OutputStream out = socket.getOutputStream();
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    return reply(in);
  }

  private static String reply(BufferedReader in) throws IOException {
    String line = in.readLine();
    if (line == null) {
      return "(closed)";
    }
    if (line.startsWith("$")) {
      return line.equals("$-1") ? "(nil)" : in.readLine();
    }
    if (line.startsWith("*")) {
      int count = Integer.parseInt(line.substring(1));
      StringBuilder joined = new StringBuilder();
      for (int i = 0; i < count; i++) {
        joined.append(i == 0 ? "" : " ").append(reply(in));
      }
      return count < 0 ? "(nil)" : joined.toString();
    }
    return line;
  }
}
