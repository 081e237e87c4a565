package dev.portcullis.admin.http;

import dev.portcullis.core.model.CidrSet;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Origin;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin surface's one HTTP handler, mounted by the transport on {@code /admin}, {@code /health} and
 * {@code /metrics}. In order: off the IO thread; {@code WS_ADMIN_ALLOWED_IPS} for everything but
 * {@code /health} (from the exchange's source address, which the transport resolves through trusted
 * proxies); CORS preflight (a preflight from an origin not in {@code WS_ALLOWED_ORIGINS} is refused
 * {@code 403}); the route ({@code 404}, or {@code 405} with {@code Allow}); for token routes a blocked or
 * locked-out address ({@code 429 blocked}, see {@link AdminLockout}) and then the bearer token
 * ({@code 401}/{@code 403}); the route's handler. Every answer carries {@code Cache-Control: no-store},
 * {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer}, a content security policy,
 * {@code Vary: Origin} when CORS is configured at all (the answer differs by origin) and, only for an
 * origin of {@code WS_ALLOWED_ORIGINS}, CORS headers. A failing route answers {@code 500 internal_error}
 * and its exception stays in the server log. Thread-safe.
 */
public final class AdminSurface implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(AdminSurface.class);
  private static final HttpString REFERRER_POLICY = HttpString.tryFromString("Referrer-Policy");
  private static final HttpString CSP = HttpString.tryFromString("Content-Security-Policy");
  private static final HttpString ALLOW_ORIGIN = HttpString.tryFromString("Access-Control-Allow-Origin");
  private static final HttpString ALLOW_METHODS = HttpString.tryFromString("Access-Control-Allow-Methods");
  private static final HttpString ALLOW_HEADERS = HttpString.tryFromString("Access-Control-Allow-Headers");
  private static final HttpString MAX_AGE = HttpString.tryFromString("Access-Control-Max-Age");
  private static final HttpString REQUEST_METHOD = HttpString.tryFromString("Access-Control-Request-Method");
  /** How long a browser may reuse a preflight answer. */
  private static final String PREFLIGHT_SECONDS = "600";

  private final Router router;
  private final AdminAccess access;
  private final CidrSet allowedAddresses;
  private final BlockListPort blocks;
  private final Set<String> corsOrigins;
  private final int ipv6PrefixLength;
  private final JsonBodies json;
  private final Clock clock;

  public AdminSurface(Router router, AdminAccess access, CidrSet allowedAddresses, BlockListPort blocks,
      Set<String> corsOrigins, int ipv6PrefixLength, JsonBodies json, Clock clock) {
    this.router = router;
    this.access = access;
    this.allowedAddresses = allowedAddresses;
    this.blocks = blocks;
    this.corsOrigins = Set.copyOf(corsOrigins);
    this.ipv6PrefixLength = ipv6PrefixLength;
    this.json = json;
    this.clock = clock;
  }

  /** The routes this surface serves. */
  public Router router() {
    return router;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    Answer answer;
    try {
      answer = answer(exchange);
    } catch (Exception e) {
      LOG.error("The admin route for {} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), e);
      answer = Answer.error(500, "internal_error");
    }
    send(exchange, answer);
  }

  private Answer answer(HttpServerExchange exchange) throws Exception {
    String rawPath = Paths.pathOf(exchange.getRequestURI());
    List<String> segments = new ArrayList<>();
    try {
      for (String segment : Paths.segments(rawPath)) {
        segments.add(Paths.decode(segment));
      }
    } catch (IllegalArgumentException e) {
      return Answer.badRequest(List.of("path"));
    }
    InetSocketAddress source = exchange.getSourceAddress();
    if (source == null || source.getAddress() == null) {
      return Answer.error(403, "forbidden");
    }
    ClientAddress client = ClientAddress.of(source.getAddress(), ipv6PrefixLength);
    boolean health = segments.equals(List.of("health"));
    if (!health && !allowedAddresses.contains(client.address())) {
      return Answer.error(403, "forbidden");
    }
    String method = exchange.getRequestMethod().toString();
    Router.Lookup lookup = router.find(method, segments);
    if (method.equals("OPTIONS")) {
      return lookup instanceof Router.WrongMethod wrong ? preflight(exchange, wrong.allowed())
          : Answer.error(404, "not_found");
    }
    if (lookup instanceof Router.NotFound) {
      return Answer.error(404, "not_found");
    }
    if (lookup instanceof Router.WrongMethod wrong) {
      return Answer.error(405, "method_not_allowed").withHeader("Allow", allowHeader(wrong.allowed()));
    }
    Router.Found found = (Router.Found) lookup;
    if (rawPath.equals("/admin") && found.route().template().equals("/admin/")) {
      return Answer.error(308, "moved").withHeader("Location", "/admin/");
    }
    Caller caller = new Caller(client, null);
    if (found.route().access() == Route.Access.TOKEN) {
      Optional<Block> block = blocks.find(client.key());
      if (block.isPresent()) {
        return blocked(block.get().remainingAt(clock.instant()));
      }
      Optional<Duration> lockedOut = access.lockedOut(client);
      if (lockedOut.isPresent()) {
        return blocked(lockedOut.get());
      }
      HeaderValues authorization = exchange.getRequestHeaders().get(Headers.AUTHORIZATION);
      AdminAccess.Decision decision = access.check(client, authorization == null ? List.of() : List.copyOf(authorization));
      if (decision instanceof AdminAccess.Refused refused) {
        Answer refusal = Answer.error(refused.status(), refused.code());
        return refused.status() == 401 ? refusal.withHeader("WWW-Authenticate", "Bearer") : refusal;
      }
      caller = new Caller(client, ((AdminAccess.Granted) decision).actor());
    }
    try {
      return found.route().handler().handle(new AdminRequest(exchange, found.parameters(), caller, json));
    } catch (BadRequest e) {
      return Answer.badRequest(e.fields());
    } catch (AdminRequest.UnsupportedBody e) {
      return Answer.error(415, "unsupported_media_type");
    }
  }

  /** {@code 429 blocked}, with {@code Retry-After} in whole seconds (at least one). */
  private static Answer blocked(Duration left) {
    return Answer.error(429, "blocked").withHeader("Retry-After", Long.toString(Math.max(1, left.toSeconds())));
  }

  /**
   * A CORS preflight (or a plain {@code OPTIONS}): {@code 204} with {@code Allow}, CORS headers added in
   * {@link #send}; a preflight from an origin that is not allowed gets {@code 403 origin_not_allowed}.
   */
  private Answer preflight(HttpServerExchange exchange, Set<String> allowed) {
    boolean fromOrigin = exchange.getRequestHeaders().contains(Headers.ORIGIN)
        && exchange.getRequestHeaders().contains(REQUEST_METHOD);
    if (fromOrigin && allowedOrigin(exchange) == null) {
      return Answer.error(403, "origin_not_allowed");
    }
    Answer answer = Answer.noContent().withHeader("Allow", allowHeader(allowed));
    if (allowedOrigin(exchange) != null) {
      answer = answer.withHeader(ALLOW_METHODS.toString(), allowHeader(allowed))
          .withHeader(ALLOW_HEADERS.toString(), "Authorization, Content-Type")
          .withHeader(MAX_AGE.toString(), PREFLIGHT_SECONDS);
    }
    return answer;
  }

  private static String allowHeader(Set<String> methods) {
    Set<String> all = new TreeSet<>(methods);
    all.add("OPTIONS");
    return String.join(", ", all);
  }

  /** The request's {@code Origin} when it is one of {@code WS_ALLOWED_ORIGINS}, else {@code null}. */
  private String allowedOrigin(HttpServerExchange exchange) {
    HeaderValues origins = exchange.getRequestHeaders().get(Headers.ORIGIN);
    if (corsOrigins.isEmpty() || origins == null || origins.size() != 1) {
      return null;
    }
    String normalized = Origin.normalizeOrNull(origins.getFirst());
    return normalized != null && corsOrigins.contains(normalized) ? normalized : null;
  }

  private void send(HttpServerExchange exchange, Answer answer) {
    if (exchange.isResponseStarted()) {
      exchange.endExchange();
      return;
    }
    byte[] body;
    try {
      body = answer.bytes() != null ? answer.bytes() : json.write(answer.json());
    } catch (Exception e) {
      LOG.error("An admin answer could not be written as JSON", e);
      answer = Answer.error(500, "internal_error");
      body = "{\"error\":\"internal_error\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    exchange.setStatusCode(answer.status());
    HeaderMap headers = exchange.getResponseHeaders();
    answer.headers().forEach((name, value) -> headers.put(HttpString.tryFromString(name), value));
    if (answer.status() != 204) {
      headers.put(Headers.CONTENT_TYPE, answer.contentType());
    }
    headers.put(Headers.CONTENT_LENGTH, body.length);
    headers.put(Headers.CACHE_CONTROL, "no-store");
    headers.put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
    headers.put(Headers.X_FRAME_OPTIONS, "DENY");
    headers.put(REFERRER_POLICY, "no-referrer");
    headers.put(CSP, answer.csp());
    if (!corsOrigins.isEmpty()) {
      headers.add(Headers.VARY, "Origin");
    }
    String origin = allowedOrigin(exchange);
    if (origin != null) {
      headers.put(ALLOW_ORIGIN, origin);
    }
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }
}
