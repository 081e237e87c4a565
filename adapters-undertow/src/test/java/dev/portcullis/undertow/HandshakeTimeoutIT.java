package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client gets {@code WS_HANDSHAKE_TIMEOUT} (1 s here) to send its request (HS-11), and oversized
 * header blocks are refused at once (HS-10); well-behaved clients are served meanwhile.
 */
class HandshakeTimeoutIT {

  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start(b -> b.handshakeTimeout(Duration.ofSeconds(1)));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void dropsAClientThatDribblesItsRequestWhileAWellBehavedClientConnects() throws Exception {
    server.capture.seen.clear();
    try (Socket slow = RawHttp.connect(server.port())) {
      OutputStream out = slow.getOutputStream();
      out.write(("GET " + server.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      CompletableFuture<Void> dribble = CompletableFuture.runAsync(() -> {
        try {
          for (int i = 0; i < 40; i++) { // one byte every 150 ms: 6 s if nobody stops it
            out.write('a');
            out.flush();
            TimeUnit.MILLISECONDS.sleep(150);
          }
        } catch (IOException e) {
          // the server closed the connection: what this test waits for
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });

      try (WsClient polite = WsClient.connect(server.uri())) {
        polite.send("still served");
        assertThat(polite.next()).isEqualTo("still served");
      }

      assertThat(readsEndOfStream(slow.getInputStream())).isTrue();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofMillis(3500));
      dribble.get(10, TimeUnit.SECONDS);
    }
    assertThat(server.capture.seen).hasSize(1); // the polite client's: the slow request never reached a policy
  }

  @Test
  void dropsAConnectionThatNeverSendsARequest() throws Exception {
    try (Socket idle = RawHttp.connect(server.port())) {
      long start = System.nanoTime();
      assertThat(readsEndOfStream(idle.getInputStream())).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
    }
  }

  @Test
  void refusesTwoThousandHeadersQuickly() throws Exception {
    RawHttp.Request request = RawHttp.upgrade(server.path());
    for (int i = 0; i < 2000; i++) {
      request.header("X-H" + i, "v");
    }
    assertRefusedQuickly(request);
  }

  @Test
  void refusesA64KiBSubprotocolHeaderQuickly() throws Exception {
    assertRefusedQuickly(RawHttp.upgrade(server.path()).header("Sec-WebSocket-Protocol", "p".repeat(64 * 1024)));
  }

  @Test
  void upgradesQuicklyDespiteAPathologicalExtensionsHeaderAndNegotiatesNothing() throws Exception {
    long start = System.nanoTime();
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path())
        .header("Sec-WebSocket-Extensions", "b" + " ".repeat(30_000) + "x"))) {
      assertThat(ws.handshake().status()).isEqualTo(101);
      assertThat(ws.handshake().has("Sec-WebSocket-Extensions")).isFalse();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  private static void assertRefusedQuickly(RawHttp.Request request) throws Exception {
    long start = System.nanoTime();
    try (Socket socket = RawHttp.connect(server.port())) {
      try {
        socket.getOutputStream().write(request.bytes());
      } catch (IOException e) {
        // the server may close before the whole request is written
      }
      RawResponse response = RawHttp.readResponse(socket.getInputStream());
      // Undertow's parser answers these itself, before any handler: 400, empty body, Connection: close.
      assertThat(response.status()).isIn(400, 431);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    try (WsClient polite = WsClient.connect(server.uri())) {
      polite.send("alive");
      assertThat(polite.next()).isEqualTo("alive");
    }
  }

  /** Reads until the server ends the stream (or resets it); false if it is still open after 5 s. */
  private static boolean readsEndOfStream(InputStream in) {
    try {
      while (in.read() != -1) {
        // whatever the server says before closing
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
