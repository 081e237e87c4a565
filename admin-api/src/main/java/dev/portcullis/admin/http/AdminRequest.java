package dev.portcullis.admin.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One admin request as a route sees it: who sent it, the path parameters of its route, its query and its
 * JSON body. Used on one worker thread only.
 */
public final class AdminRequest {

  /** The largest body read; an admin body is a few fields. */
  static final int MAX_BODY_BYTES = 4096;

  private final HttpServerExchange exchange;
  private final Map<String, String> pathParameters;
  private final Caller caller;
  private final JsonBodies bodies;

  AdminRequest(HttpServerExchange exchange, Map<String, String> pathParameters, Caller caller, JsonBodies bodies) {
    this.exchange = exchange;
    this.pathParameters = Map.copyOf(pathParameters);
    this.caller = Objects.requireNonNull(caller, "caller");
    this.bodies = bodies;
  }

  public Caller caller() {
    return caller;
  }

  /** The decoded value of the route's {@code {name}} segment. */
  public String pathParameter(String name) {
    String value = pathParameters.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the route has no path parameter " + name);
    }
    return value;
  }

  /**
   * The query parameter {@code name}, or {@code null} when absent.
   *
   * @throws BadRequest when it is given more than once or is longer than {@code maxLength}
   */
  public String query(String name, int maxLength) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1 || values.getFirst().length() > maxLength) {
      throw BadRequest.of(name);
    }
    return values.getFirst();
  }

  /**
   * The body, read as JSON into {@code type} and validated.
   *
   * @throws BadRequest      when the body is not JSON of that shape or breaks a constraint
   * @throws UnsupportedBody when the request does not say {@code Content-Type: application/json}
   */
  public <T> T body(Class<T> type) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (contentType == null || !isJson(contentType)) {
      throw new UnsupportedBody();
    }
    if (!exchange.isBlocking()) {
      exchange.startBlocking();
    }
    byte[] raw;
    try (InputStream in = exchange.getInputStream()) {
      raw = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (raw.length > MAX_BODY_BYTES) {
      throw BadRequest.of("body");
    }
    return bodies.read(raw, type);
  }

  private static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json");
  }

  /** The request body is not declared as JSON: answered {@code 415}. */
  public static final class UnsupportedBody extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedBody() {
      super("the body is not application/json", null, false, false);
    }
  }
}
