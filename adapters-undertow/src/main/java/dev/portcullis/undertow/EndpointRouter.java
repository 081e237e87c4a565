package dev.portcullis.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.Objects;

/**
 * Sends a request for exactly the WebSocket path to the endpoint chain (on the listener that serves it), a
 * request the longest {@link RouteTable} prefix takes to that route through the {@link RouteGate}, and
 * answers everything else {@code 404 {"error":"not_found"}}. Immutable and thread-safe.
 */
final class EndpointRouter implements HttpHandler {

  private final String path;
  private final HttpHandler endpoint;
  private final RouteTable routes;
  private final RouteGate gate;

  private EndpointRouter(String path, HttpHandler endpoint, RouteTable routes, RouteGate gate) {
    this.path = path;
    this.endpoint = endpoint;
    this.routes = Objects.requireNonNull(routes, "routes");
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  /** The WebSocket endpoint at {@code path}, and {@code routes} beside it. */
  static EndpointRouter endpointAndRoutes(String path, HttpHandler endpoint, RouteTable routes, RouteGate gate) {
    return new EndpointRouter(Objects.requireNonNull(path, "path"), Objects.requireNonNull(endpoint, "endpoint"),
        routes, gate);
  }

  /** The routes alone: the listener of {@code WS_ADMIN_PORT}. */
  static EndpointRouter routesOnly(RouteTable routes, RouteGate gate) {
    return new EndpointRouter(null, null, routes, gate);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String requested = exchange.getRequestPath();
    if (endpoint != null && path.equals(requested)) {
      endpoint.handleRequest(exchange);
      return;
    }
    RouteTable.Route route = routes.find(requested);
    if (route != null) {
      gate.enter(exchange, route);
    } else {
      JsonAnswer.send(exchange, StatusCodes.NOT_FOUND, "not_found");
    }
  }
}
