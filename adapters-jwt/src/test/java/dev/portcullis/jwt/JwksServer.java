package dev.portcullis.jwt;

import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.security.PublicJwk;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A real HTTP server on loopback that serves a JWKS document the test sets, answers with a status of
 * the test's choosing, or waits before answering; it counts and records every request. Thread-safe.
 */
final class JwksServer implements AutoCloseable {

  static final String PATH = "/.well-known/jwks.json";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private volatile String body = "{\"keys\":[]}";
  private volatile int status = 200;
  private volatile long delayMillis;

  JwksServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      paths.add(exchange.getRequestURI().toString());
      try {
        if (delayMillis > 0) {
          Thread.sleep(delayMillis); // the endpoint is slow; the test waits on futures, not on this
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      boolean ok = status == 200;
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, ok ? bytes.length : -1);
      if (ok) {
        exchange.getResponseBody().write(bytes);
      }
      exchange.close();
    });
    server.setExecutor(executor);
    server.start();
  }

  /** Publishes these keys from now on. */
  void publish(PublicJwk<?>... keys) {
    body = "{\"keys\":[" + List.of(keys).stream().map(Jwks::json).collect(Collectors.joining(",")) + "]}";
    status = 200;
  }

  void body(String json) {
    body = json;
    status = 200;
  }

  /** Answers every request with this status and no body (e.g. 503 for an outage). */
  void failWith(int status) {
    this.status = status;
  }

  void delay(long millis) {
    delayMillis = millis;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
  }

  int port() {
    return server.getAddress().getPort();
  }

  int requests() {
    return requests.get();
  }

  List<String> paths() {
    return List.copyOf(paths);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
