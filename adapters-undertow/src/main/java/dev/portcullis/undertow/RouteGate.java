package dev.portcullis.undertow;

import dev.portcullis.core.model.ClientAddress;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a request to the extra HTTP route that took it, the way a route can rely on without knowing
 * the transport.
 *
 * <ul>
 * <li>{@code exchange.getSourceAddress()} is the client, resolved as the handshake resolves it
 *     ({@link ClientAddressResolver}: forwarding headers believed only from {@code WS_TRUSTED_PROXIES}),
 *     with the peer's port, or port 0 when a proxy forwarded it. A trusted proxy's hop that names no
 *     address answers {@code 400 bad_request}: a route may decide access by address, and must not
 *     mistake such a client for the proxy.</li>
 * <li>{@code getRelativePath()} is the rest of the path after the prefix ({@code ""} for the prefix
 *     itself), as Undertow's own {@code PathHandler} sets it; {@code getRequestPath()} stays whole.</li>
 * <li>A body may hold up to {@link #MAX_BODY_BYTES} (the upgrade path keeps its 1 KiB), announced by
 *     {@code Content-Length}: a larger one answers {@code 413 content_too_large} before the route runs.
 *     A chunked body answers {@code 411 length_required} (RFC 9110 §15.5.12): its size is known only
 *     while it is read, and Undertow ends a chunked body past the limit by dropping the connection, with
 *     no answer at all.</li>
 * <li>The route runs on {@code workers}, never on an IO thread, so it may block on files or Redis; when
 *     the workers are saturated the answer is {@code 503 unavailable}. An exception it throws is logged
 *     without the request (Undertow's own log line would print its headers) and answered
 *     {@code 500 internal_error}.</li>
 * <li>Every refusal made here carries {@link #REFUSAL_HEADERS}, as the routes' own answers do.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class RouteGate {

  /** An admin POST with a reason fits with room to spare; the upgrade path stays at 1 KiB. */
  static final long MAX_BODY_BYTES = 16 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(RouteGate.class);
  private static final HttpString X_FORWARDED_FOR = HttpString.tryFromString("X-Forwarded-For");
  /**
   * What the routes' own answers carry beside {@link JsonAnswer}'s {@code no-store} and {@code nosniff}, so
   * that a refusal made here, before the route runs, is no less guarded (CONTRACT §4: admin answers carry a
   * restrictive content security policy).
   */
  static final Map<String, String> REFUSAL_HEADERS = Map.of(
      "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
      "X-Frame-Options", "DENY",
      "Referrer-Policy", "no-referrer");

  private final ClientAddressResolver resolver;
  private final Executor workers;

  RouteGate(ClientAddressResolver resolver, Executor workers) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.workers = Objects.requireNonNull(workers, "workers");
  }

  /** On the IO thread: prepares the exchange for {@code route} and dispatches it to the workers. */
  void enter(HttpServerExchange exchange, RouteTable.Route route) {
    InetSocketAddress peer = exchange.getConnection().getPeerAddress(InetSocketAddress.class);
    Optional<ClientAddress> client = resolver.identify(peer.getAddress(),
        HandshakeRequestReader.all(exchange.getRequestHeaders(), Headers.FORWARDED),
        HandshakeRequestReader.all(exchange.getRequestHeaders(), X_FORWARDED_FOR));
    if (client.isEmpty()) {
      JsonAnswer.send(exchange, 400, "bad_request", REFUSAL_HEADERS);
      return;
    }
    if (exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)) {
      exchange.setPersistent(false); // the unread body must not be taken for the next request
      JsonAnswer.send(exchange, 411, "length_required", REFUSAL_HEADERS);
      return;
    }
    String length = exchange.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
    if (length != null && declaredLength(length) > MAX_BODY_BYTES) {
      exchange.setPersistent(false);
      JsonAnswer.send(exchange, 413, "content_too_large", REFUSAL_HEADERS);
      return;
    }
    InetAddress address = client.get().address();
    exchange.setSourceAddress(address.equals(peer.getAddress()) ? peer : new InetSocketAddress(address, 0));
    exchange.setRelativePath(exchange.getRequestPath().substring(route.prefix().length()));
    exchange.setResolvedPath(route.prefix());
    exchange.setMaxEntitySize(MAX_BODY_BYTES);
    // Runs once this handler has returned, still on the IO thread; the exchange stays open until the route ends it.
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> submit(exchange, route));
  }

  /** A {@code Content-Length} Undertow has parsed already; anything unreadable counts as too long. */
  private static long declaredLength(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private void submit(HttpServerExchange exchange, RouteTable.Route route) {
    try {
      workers.execute(() -> Connectors.executeRootHandler(ex -> run(ex, route), exchange));
    } catch (RejectedExecutionException e) {
      LOG.warn("The route workers refused a request for {} (saturated or shutting down); answering 503", route.prefix());
      Connectors.executeRootHandler(ex -> JsonAnswer.send(ex, 503, "unavailable", REFUSAL_HEADERS), exchange);
    }
  }

  private static void run(HttpServerExchange exchange, RouteTable.Route route) {
    try {
      route.handler().handleRequest(exchange);
    } catch (Exception e) {
      LOG.error("The HTTP route {} failed", route.prefix(), e);
      JsonAnswer.send(exchange, 500, "internal_error", REFUSAL_HEADERS);
    }
  }
}
