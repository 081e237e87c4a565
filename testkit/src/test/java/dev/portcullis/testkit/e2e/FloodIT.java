package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.WAIT;
import static dev.portcullis.testkit.e2e.Wire.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.model.CidrSet;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.RawResponse;
import dev.portcullis.testkit.TestWebSocket;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * ARCHITECTURE "every in-memory structure is bounded": 100,000 distinct clients (forwarded by the
 * trusted proxy {@code 127.0.0.1}, from {@code 198.18.0.0/15}) each knock once without a token. The
 * requests are pipelined on a few keep-alive connections in parallel. Afterwards the rate limiter and
 * the block list hold no more than their bounds, and a normal client is still served.
 */
class FloodIT {

  static final String SECRET = "flood-it-secret-that-is-long-enough-for-hs";
  static final int CLIENTS = 100_000;
  static final int CONNECTIONS = 4;
  /** Requests written ahead of the answers read, per connection. */
  static final int WINDOW = 64;

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).authTimeout(Duration.ZERO)
      .trustedProxies(CidrSet.parse("127.0.0.1/32")));

  @Test
  void aHundredThousandDistinctForwardedClientsLeaveTheStateBoundedAndTheNodeServing() throws Exception {
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    Logger security = (Logger) LoggerFactory.getLogger("portcullis.security");
    Level before = security.getLevel();
    security.setLevel(Level.OFF); // 200,000 expected events are not worth rendering
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS * 2);
    long start = System.nanoTime();
    try {
      List<CompletableFuture<Void>> flows = new ArrayList<>();
      for (int c = 0; c < CONNECTIONS; c++) {
        int first = c * (CLIENTS / CONNECTIONS);
        flows.add(CompletableFuture.runAsync(() -> flood(first, CLIENTS / CONNECTIONS, statuses, pool), pool));
      }
      for (CompletableFuture<Void> flow : flows) {
        flow.get(150, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      security.setLevel(before);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(statuses).as("every knock refused 401 for lacking a token (%s)", took).containsOnlyKeys(401);
    assertThat(statuses.get(401).get()).isEqualTo(CLIENTS);

    InMemoryRateLimiter limiter = server.injector().getInstance(InMemoryRateLimiter.class);
    assertThat(server.injector().getInstance(RateLimitPort.class)).isSameAs(limiter);
    assertThat(limiter.size()).as("counters held").isBetween(10_000L, InMemoryRateLimiter.DEFAULT_MAX_KEYS);
    InMemoryBlockList blocks = server.injector().getInstance(InMemoryBlockList.class);
    assertThat(server.injector().getInstance(BlockListPort.class)).isSameAs(blocks);
    assertThat((long) blocks.list().size()).isLessThanOrEqualTo(InMemoryBlockList.DEFAULT_MAX_BLOCKS);

    try (TestWebSocket ws = TestWebSocket.to(server.uri()).bearer(server.minter().subject("fay").mint()).connect()) {
      String message = envelope("after-flood");
      ws.send(message);
      assertThat(ws.awaitMessage(WAIT)).isEqualTo(message);
    }
    Wire.assertUpgrades(RawHandshake.to(server.uri()).from(Peers.next()).bearer(server.minter().subject("gus").mint()));
  }

  /** Pipelines {@code count} token-less upgrade requests on one connection, counting the answers. */
  private static void flood(int first, int count, Map<Integer, AtomicLong> statuses, ExecutorService pool) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
      socket.setSoTimeout(30_000);
      socket.setTcpNoDelay(true);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      Semaphore window = new Semaphore(WINDOW);
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          for (int i = 0; i < count; i++) {
            if (!window.tryAcquire()) {
              out.flush(); // let the server see what is queued before waiting for room
              if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no answer for 30 s");
              }
            }
            out.write(request(first + i));
          }
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, pool);
      for (int i = 0; i < count; i++) {
        RawResponse response = RawResponse.readFrom(in, System.nanoTime());
        statuses.computeIfAbsent(response.status(), s -> new AtomicLong()).incrementAndGet();
        window.release();
      }
      writer.get(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The n-th client's request: {@code X-Forwarded-For} an address of {@code 198.18.0.0/15}. */
  private static byte[] request(int n) {
    String client = "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    return RawHandshake.to("127.0.0.1", server.port()).header("X-Forwarded-For", client).bytes();
  }
}
