package dev.portcullis.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.Objects;

/**
 * Sends requests for the WebSocket path to the endpoint chain and answers everything else
 * {@code 404 {"error":"not_found"}}. Immutable and thread-safe.
 */
final class EndpointRouter implements HttpHandler {

  private final String path;
  private final HttpHandler endpoint;

  EndpointRouter(String path, HttpHandler endpoint) {
    this.path = Objects.requireNonNull(path, "path");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (path.equals(exchange.getRequestPath())) {
      endpoint.handleRequest(exchange);
    } else {
      JsonAnswer.send(exchange, StatusCodes.NOT_FOUND, "not_found");
    }
  }
}
