package dev.portcullis.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A raw-socket HTTP/1.1 WebSocket upgrade client, for tests that need the exact status, headers and
 * body of a refusal, headers no browser would send, or many distinct peers: on Linux a client may bind
 * any address of {@code 127.0.0.0/8}, so {@code from("127.0.0.2")}, {@code from("127.0.0.3")}, ... are
 * different clients to the server.
 *
 * <pre>{@code
 * RawResponse r = RawHandshake.to(server.uri()).from("127.0.0.7").header("Origin", "https://evil.example").send();
 * }</pre>
 *
 * <p>By default it sends a valid RFC 6455 version-13 request ({@code Host}, {@code Upgrade},
 * {@code Connection}, a fresh {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version: 13}); every
 * header can be added to, replaced or removed. Not thread-safe: one builder per request.
 */
public final class RawHandshake {

  /** How long connecting and each read may take unless {@link #timeout} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String host;
  private final int port;
  private String method = "GET";
  private String path = "/ws";
  private final List<String> query = new ArrayList<>();
  private final List<Map.Entry<String, String>> headers = new ArrayList<>();
  private InetAddress localAddress;
  private Duration timeout = DEFAULT_TIMEOUT;

  private RawHandshake(String host, int port) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    headers.add(Map.entry("Host", host.contains(":") ? "[" + host + "]:" + port : host + ":" + port));
    headers.add(Map.entry("Upgrade", "websocket"));
    headers.add(Map.entry("Connection", "Upgrade"));
    headers.add(Map.entry("Sec-WebSocket-Key", newKey()));
    headers.add(Map.entry("Sec-WebSocket-Version", "13"));
  }

  /** A request to {@code host:port}, path {@code /ws}. */
  public static RawHandshake to(String host, int port) {
    return new RawHandshake(host, port);
  }

  /** A request to a {@code ws://host[:port]/path?query} URI (no TLS: {@code wss} is not spoken). */
  public static RawHandshake to(URI uri) {
    int port = uri.getPort() >= 0 ? uri.getPort() : 80;
    RawHandshake request = new RawHandshake(uri.getHost().replace("[", "").replace("]", ""), port);
    request.path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      request.query.add(uri.getRawQuery());
    }
    return request;
  }

  /** A fresh random {@code Sec-WebSocket-Key}: 16 bytes, base64 (RFC 6455 §4.1). */
  public static String newKey() {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    return Base64.getEncoder().encodeToString(nonce);
  }

  public RawHandshake method(String method) {
    this.method = Objects.requireNonNull(method, "method");
    return this;
  }

  /** The request path, without query. */
  public RawHandshake path(String path) {
    this.path = Objects.requireNonNull(path, "path");
    return this;
  }

  /** Adds the query parameter {@code name=value}, URL-encoded. */
  public RawHandshake query(String name, String value) {
    query.add(encode(name) + "=" + encode(value));
    return this;
  }

  /** Adds a header; called twice with one name, it sends the header twice. */
  public RawHandshake header(String name, String value) {
    headers.add(Map.entry(name, value));
    return this;
  }

  /** Replaces every header called {@code name} (any case), default or not, with one. */
  public RawHandshake replaceHeader(String name, String value) {
    int at = indexOf(name);
    withoutHeader(name);
    headers.add(at < 0 ? headers.size() : Math.min(at, headers.size()), Map.entry(name, value));
    return this;
  }

  /** Removes every header called {@code name} (any case), including the defaults. */
  public RawHandshake withoutHeader(String name) {
    headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
    return this;
  }

  /** {@code Authorization: Bearer <token>}. */
  public RawHandshake bearer(String token) {
    return header("Authorization", "Bearer " + token);
  }

  /** Connects from this local address, e.g. {@code 127.0.0.2} (any of {@code 127.0.0.0/8} works on Linux). */
  public RawHandshake from(String localAddress) {
    try {
      this.localAddress = InetAddress.getByName(Objects.requireNonNull(localAddress, "localAddress"));
    } catch (IOException e) {
      throw new IllegalArgumentException("not an IP address: " + localAddress, e);
    }
    return this;
  }

  /** Bounds connecting and each read of the response. */
  public RawHandshake timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** The request exactly as it will be sent (for pipelining several on one socket). */
  public byte[] bytes() {
    StringBuilder text = new StringBuilder()
        .append(method).append(' ').append(target()).append(" HTTP/1.1\r\n");
    for (Map.Entry<String, String> h : headers) {
      text.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    return text.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Sends the request on a new connection, reads the response and closes the connection. */
  public RawResponse send() {
    try (RawConnection connection = open()) {
      return connection.response();
    }
  }

  /**
   * Sends the request on a new connection, reads the response head (and body, if any) and keeps the
   * connection: after a {@code 101} it carries WebSocket frames. Close it, or {@link RawConnection#abort()} it.
   */
  public RawConnection open() {
    Socket socket = new Socket();
    try {
      if (localAddress != null) {
        socket.bind(new InetSocketAddress(localAddress, 0));
      }
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), Math.toIntExact(timeout.toMillis()));
      socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      out.write(bytes());
      out.flush();
      RawResponse response = RawResponse.readFrom(in, System.nanoTime());
      return new RawConnection(socket, in, response);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new UncheckedIOException("upgrade request to " + host + ":" + port + " failed", e);
    } catch (RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  private String target() {
    return query.isEmpty() ? path : path + "?" + String.join("&", query);
  }

  private int indexOf(String name) {
    for (int i = 0; i < headers.size(); i++) {
      if (headers.get(i).getKey().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }
}
