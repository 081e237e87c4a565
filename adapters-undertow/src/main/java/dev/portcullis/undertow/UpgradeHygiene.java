package dev.portcullis.undertow;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes the token out of an admitted request before Undertow's handshake sees it, and keeps legacy
 * echoes out of the 101. Undertow's {@code Hybi13Handshake} writes the full request URI, query string
 * included, into a {@code Sec-WebSocket-Location} response header (a hybi-00 leftover that RFC 6455 does
 * not define) and echoes {@code Origin}; a {@code ?token=} would go back out in the response. It also
 * reads only the first {@code Sec-WebSocket-Protocol} header. So: the {@code token} query parameter is
 * removed, {@code bearer.<t>} entries are removed and the remaining subprotocols joined into one header,
 * and the legacy headers are dropped from the response. Stateless and thread-safe.
 */
final class UpgradeHygiene {

  private static final HttpString SEC_WEBSOCKET_LOCATION = HttpString.tryFromString("Sec-WebSocket-Location");
  private static final HttpString SEC_WEBSOCKET_ORIGIN = HttpString.tryFromString("Sec-WebSocket-Origin");

  private UpgradeHygiene() {}

  static void apply(HttpServerExchange exchange) {
    removeQueryToken(exchange);
    removeTokenSubprotocols(exchange.getRequestHeaders());
    exchange.addResponseCommitListener(ex -> {
      HeaderMap response = ex.getResponseHeaders();
      response.remove(SEC_WEBSOCKET_LOCATION);
      response.remove(SEC_WEBSOCKET_ORIGIN);
      response.remove(Headers.ORIGIN);
    });
  }

  private static void removeQueryToken(HttpServerExchange exchange) {
    exchange.getQueryParameters().remove(TokenExtractor.QUERY_PARAMETER);
    String query = exchange.getQueryString();
    if (query == null || query.isEmpty()) {
      return;
    }
    List<String> kept = new ArrayList<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (!TokenExtractor.QUERY_PARAMETER.equals(decode(name))) {
        kept.add(pair);
      }
    }
    exchange.setQueryString(String.join("&", kept));
  }

  private static void removeTokenSubprotocols(HeaderMap headers) {
    HeaderValues offered = headers.get(Headers.SEC_WEB_SOCKET_PROTOCOL);
    if (offered == null) {
      return;
    }
    List<String> kept = new ArrayList<>();
    for (String header : offered) {
      for (String entry : header.split(",")) {
        String protocol = entry.trim();
        if (!protocol.isEmpty() && !protocol.startsWith(TokenExtractor.SUBPROTOCOL_PREFIX)) {
          kept.add(protocol);
        }
      }
    }
    if (kept.isEmpty()) {
      headers.remove(Headers.SEC_WEB_SOCKET_PROTOCOL);
    } else {
      headers.put(Headers.SEC_WEB_SOCKET_PROTOCOL, String.join(", ", kept));
    }
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
