package dev.portcullis.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root handler's guard: an exception never reaches Undertow, whose own error log line prints the
 * whole exchange, request headers ({@code Authorization}) included. It is logged here without the
 * request, and answered {@code 500 {"error":"internal_error"}}. Immutable and thread-safe.
 */
final class NeverThrowing implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(NeverThrowing.class);

  private final HttpHandler next;

  NeverThrowing(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    try {
      next.handleRequest(exchange);
    } catch (Exception e) {
      LOG.error("Handling a request failed", e);
      if (exchange.isResponseStarted()) {
        exchange.endExchange();
      } else {
        JsonAnswer.send(exchange, 500, "internal_error");
      }
    }
  }
}
