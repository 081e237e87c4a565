package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The raw client against a scripted loopback server that records what arrived and answers verbatim. */
class RawHandshakeIT {

  private ServerSocket listener;

  @BeforeEach
  void listen() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
  }

  @AfterEach
  void stop() throws IOException {
    listener.close();
  }

  @Test
  void sendsAValidVersion13UpgradeWithRepeatedHeadersFromTheChosenLocalAddress() throws Exception {
    CompletableFuture<Recorded> recorded = answerOnce(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");

    RawResponse response = RawHandshake.to("127.0.0.1", listener.getLocalPort()).from("127.0.0.9")
        .query("token", "a+b/c").header("X-Forwarded-For", "203.0.113.1").header("X-Forwarded-For", "203.0.113.2")
        .send();

    Recorded request = recorded.get(10, TimeUnit.SECONDS);
    assertThat(response.upgraded()).isTrue();
    assertThat(request.peer()).isEqualTo("127.0.0.9");
    assertThat(request.head()).startsWith("GET /ws?token=a%2Bb%2Fc HTTP/1.1\r\n")
        .contains("\r\nHost: 127.0.0.1:" + listener.getLocalPort() + "\r\n")
        .contains("\r\nUpgrade: websocket\r\n").contains("\r\nConnection: Upgrade\r\n")
        .contains("\r\nSec-WebSocket-Version: 13\r\n")
        .contains("\r\nX-Forwarded-For: 203.0.113.1\r\nX-Forwarded-For: 203.0.113.2\r\n");
    String key = request.head().split("Sec-WebSocket-Key: ")[1].split("\r\n")[0];
    assertThat(Base64.getDecoder().decode(key)).hasSize(16);
  }

  @Test
  void readsMultiValuedHeadersWhateverTheirCaseAndTheBodyByContentLength() throws Exception {
    answerOnce("HTTP/1.1 429 Too Many Requests\r\nretry-after: 3\r\nX-Multi: a\r\nx-multi: b\r\n"
        + "Content-Length: 19\r\n\r\n{\"error\":\"blocked\"}");

    RawResponse response = RawHandshake.to("127.0.0.1", listener.getLocalPort()).replaceHeader("Origin", "x").send();

    assertThat(response.status()).isEqualTo(429);
    assertThat(response.reason()).isEqualTo("Too Many Requests");
    assertThat(response.header("Retry-After")).contains("3");
    assertThat(response.headers("X-MULTI")).containsExactly("a", "b");
    assertThat(response.body()).isEqualTo("{\"error\":\"blocked\"}");
  }

  @Test
  void readsPipelinedResponsesOneByOneWhetherSizedOrChunked() throws IOException {
    String wire = "HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\nabHTTP/1.1 403 Forbidden\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n2\r\n!!\r\n0\r\n\r\nHTTP/1.1 101 Switching Protocols\r\n\r\n";
    InputStream in = new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1));

    RawResponse first = RawResponse.readFrom(in, System.nanoTime());
    RawResponse second = RawResponse.readFrom(in, System.nanoTime());
    RawResponse third = RawResponse.readFrom(in, System.nanoTime());

    assertThat(first.status()).isEqualTo(401);
    assertThat(first.body()).isEqualTo("ab");
    assertThat(second.status()).isEqualTo(403);
    assertThat(second.body()).isEqualTo("xyz!!");
    assertThat(third.upgraded()).isTrue();
  }

  @Test
  void givesUpOnASilentServerAfterItsTimeout() {
    answerOnce(null);
    long start = System.nanoTime();

    assertThatThrownBy(() -> RawHandshake.to("127.0.0.1", listener.getLocalPort()).timeout(Duration.ofMillis(300)).send())
        .isInstanceOf(UncheckedIOException.class).hasRootCauseInstanceOf(SocketTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  private record Recorded(String peer, String head) {}

  /** Accepts one connection, records the request head and writes {@code answer} (nothing when null). */
  private CompletableFuture<Recorded> answerOnce(String answer) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket socket = listener.accept()) {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          int b = in.read();
          if (b < 0) {
            break;
          }
          head.write(b);
        }
        if (answer != null) {
          socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
          socket.getOutputStream().flush();
        } else {
          in.read(); // hold the connection until the client gives up
        }
        return new Recorded(socket.getInetAddress().getHostAddress(), head.toString(StandardCharsets.ISO_8859_1));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, task -> new Thread(task, "scripted-server").start());
  }
}
