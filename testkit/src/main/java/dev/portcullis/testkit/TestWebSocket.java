package dev.portcullis.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small WebSocket client over the JDK's {@link WebSocket} that records what the server sends: every
 * whole text message in order, and the close code and reason. Waits always have a timeout.
 *
 * <pre>{@code
 * try (TestWebSocket ws = TestWebSocket.to(server.uri()).bearer(token).connect()) {
 *   ws.send("{\"id\":\"1\",\"type\":\"track\",\"timestamp\":...}");
 *   assertThat(ws.awaitMessage(Duration.ofSeconds(5))).contains("track");
 * }
 * }</pre>
 *
 * Thread-safe: the JDK delivers events on its own threads, tests read from theirs.
 */
public final class TestWebSocket implements AutoCloseable {

  /** How a connection ended: a close frame's code and reason, or {@code 1006} with no frame. */
  public record CloseStatus(int code, String reason) {}

  /** The server refused the upgrade; {@link #status()} says how. */
  public static final class UpgradeRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    UpgradeRefusedException(int status, Throwable cause) {
      super("the server refused the WebSocket upgrade with HTTP " + status, cause);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** One client for all: each JDK client owns a selector thread that lives until it is collected. */
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

  private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
  private volatile WebSocket socket;

  private TestWebSocket() {}

  /** Starts building a connection to a {@code ws://} URI. */
  public static Builder to(URI uri) {
    return new Builder(uri);
  }

  /** Collects headers and subprotocols. Not thread-safe. */
  public static final class Builder {
    private final URI uri;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final List<String> subprotocols = new ArrayList<>();
    private Duration timeout = CONNECT_TIMEOUT;

    private Builder(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /** Adds a header (several calls with one name send it several times); {@code Sec-WebSocket-*} are the JDK's. */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    /** {@code Authorization: Bearer <token>}. */
    public Builder bearer(String token) {
      return header("Authorization", "Bearer " + token);
    }

    /** Offers these subprotocols, most preferred first (a token can travel as {@code bearer.<token>}). */
    public Builder subprotocols(String... protocols) {
      subprotocols.addAll(List.of(protocols));
      return this;
    }

    /** Bounds the opening handshake. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Opens the connection.
     *
     * @throws UpgradeRefusedException when the server answers the upgrade with anything but 101
     */
    public TestWebSocket connect() {
      TestWebSocket client = new TestWebSocket();
      WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(timeout);
      headers.forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
      if (!subprotocols.isEmpty()) {
        builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
      }
      try {
        client.socket = builder.buildAsync(uri, client.new Recorder()).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        return client;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof WebSocketHandshakeException refused) {
          throw new UpgradeRefusedException(refused.getResponse().statusCode(), refused);
        }
        throw new IllegalStateException("could not connect to " + withoutQuery(), e.getCause());
      } catch (TimeoutException e) {
        throw new IllegalStateException("no WebSocket handshake with " + withoutQuery() + " within " + timeout, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while connecting to " + withoutQuery(), e);
      }
    }

    /** The URI for messages: its query may hold a token, which must not end up in a report. */
    private String withoutQuery() {
      return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }
  }

  /** The subprotocol the server selected, or empty text when none. */
  public String subprotocol() {
    return socket.getSubprotocol();
  }

  /** Sends one text message and waits (at most 10 s) until the JDK has written it. */
  public void send(String text) {
    try {
      socket.sendText(text, true).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not send a message", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending", e);
    }
  }

  /**
   * The next text message not yet taken.
   *
   * @throws AssertionError when none arrives within {@code timeout}
   */
  public String awaitMessage(Duration timeout) {
    try {
      String message = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (message == null) {
        throw new AssertionError("no message within " + timeout
            + (closed.isDone() ? "; the connection closed: " + closed.getNow(null) : ""));
      }
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a message", e);
    }
  }

  /**
   * How the connection ended.
   *
   * @throws AssertionError when it is still open after {@code timeout}
   */
  public CloseStatus awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the connection was still open after " + timeout, e);
    } catch (ExecutionException e) {
      throw new AssertionError("the close was not recorded", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the close", e);
    }
  }

  /** Every text message received so far, in order (taken or not). */
  public List<String> messages() {
    return List.copyOf(received);
  }

  /** Whether the connection has ended. */
  public boolean isClosed() {
    return closed.isDone();
  }

  /** Sends a normal close ({@code 1000}) if still open, then drops the connection. */
  @Override
  public void close() {
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    if (!ws.isOutputClosed()) {
      try {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        closed.get(2, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // the server did not answer the close: abort below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ws.abort();
  }

  /** Records events as the JDK delivers them; text may come in parts. */
  private final class Recorder implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        received.add(message);
        inbox.add(message);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new CloseStatus(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new CloseStatus(1006, String.valueOf(error.getMessage())));
    }
  }
}
