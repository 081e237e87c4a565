package dev.portcullis.undertow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The JDK's WebSocket client with its messages and its close collected for assertions. Every wait has a
 * timeout. Thread-safe.
 */
final class WsClient implements WebSocket.Listener, AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** How the server closed us: RFC 6455 status code and reason. */
  record Close(int code, String reason) {}

  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Close> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private volatile WebSocket socket;

  /** Connects to {@code uri}; {@code setup} may add headers or subprotocols. */
  static WsClient connect(URI uri, UnaryOperator<WebSocket.Builder> setup) throws Exception {
    WsClient client = new WsClient();
    client.socket = setup.apply(HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT))
        .buildAsync(uri, client).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    return client;
  }

  static WsClient connect(URI uri) throws Exception {
    return connect(uri, b -> b);
  }

  /** Connects to {@code uri} through {@code http}: a client with its own TLS context, say. */
  static WsClient connect(HttpClient http, URI uri) throws Exception {
    WsClient client = new WsClient();
    client.socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
        .buildAsync(uri, client).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    return client;
  }

  WebSocket socket() {
    return socket;
  }

  void send(String text) throws Exception {
    socket.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  void sendBinary(byte[] bytes) throws Exception {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next whole text message, or {@code null} after the timeout. */
  String next() throws InterruptedException {
    return messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next whole text message within {@code wait}, or {@code null}. */
  String next(Duration wait) throws InterruptedException {
    return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The server's close, waiting at most {@code wait}. */
  Close awaitClose(Duration wait) throws Exception {
    return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  Close awaitClose() throws Exception {
    return awaitClose(TIMEOUT);
  }

  boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    synchronized (partial) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(new Close(statusCode, reason));
    return null; // the client then answers with its own close frame
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(new Close(1006, String.valueOf(error)));
  }

  @Override
  public void close() {
    WebSocket ws = socket;
    if (ws != null && !ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
  }
}
