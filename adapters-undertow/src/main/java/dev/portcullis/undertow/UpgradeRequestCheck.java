package dev.portcullis.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Lets through only well-formed RFC 6455 (version 13) upgrade requests, before any policy runs or any
 * state is touched. Older drafts and malformed upgrades never reach Undertow's handshake, whatever
 * handshakes it knows. Immutable and thread-safe.
 *
 * <table>
 * <caption>Answers</caption>
 * <tr><td>not GET</td><td>405 {@code method_not_allowed}, {@code Allow: GET}</td></tr>
 * <tr><td>not HTTP/1.1</td><td>400 {@code bad_request} (RFC 6455 §4.1 needs HTTP/1.1)</td></tr>
 * <tr><td>a header below sent twice, or a request body</td><td>400 {@code bad_request}</td></tr>
 * <tr><td>no {@code Upgrade: websocket} or no {@code Connection: upgrade}</td>
 *     <td>426 {@code upgrade_required}, {@code Upgrade: websocket}</td></tr>
 * <tr><td>Hixie-76 ({@code Sec-WebSocket-Key1/Key2}, no version)</td><td>400 {@code unsupported_protocol}</td></tr>
 * <tr><td>version absent or not 13</td><td>426 {@code unsupported_version}, {@code Sec-WebSocket-Version: 13}</td></tr>
 * <tr><td>key absent or not base64 of 16 bytes</td><td>400 {@code invalid_key}</td></tr>
 * </table>
 */
final class UpgradeRequestCheck implements HttpHandler {

  static final String VERSION = "13";
  private static final HttpString KEY1 = HttpString.tryFromString("Sec-WebSocket-Key1");
  private static final HttpString KEY2 = HttpString.tryFromString("Sec-WebSocket-Key2");
  /**
   * Headers that must not repeat: RFC 6455 §11.3.1 and §11.3.5 say so for the key and the version; a
   * repeated {@code Upgrade}, {@code Connection}, {@code Origin} or {@code Authorization} makes the
   * request ambiguous (which one did a proxy or a policy look at?), so it is refused too.
   */
  private static final List<HttpString> SINGLE = List.of(Headers.UPGRADE, Headers.CONNECTION,
      Headers.SEC_WEB_SOCKET_KEY, Headers.SEC_WEB_SOCKET_VERSION, Headers.ORIGIN, Headers.AUTHORIZATION);

  private final HttpHandler next;

  UpgradeRequestCheck(HttpHandler next) {
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    HeaderMap headers = exchange.getRequestHeaders();
    if (!Methods.GET.equals(exchange.getRequestMethod())) {
      JsonAnswer.send(exchange, 405, "method_not_allowed", Map.of("Allow", "GET"));
    } else if (!exchange.isHttp11() || repeated(headers) || hasBody(headers)) {
      JsonAnswer.send(exchange, 400, "bad_request");
    } else if (!listContains(headers.get(Headers.UPGRADE), "websocket")
        || !listContains(headers.get(Headers.CONNECTION), "upgrade")) {
      JsonAnswer.send(exchange, 426, "upgrade_required", Map.of("Upgrade", "websocket"));
    } else if ((headers.contains(KEY1) || headers.contains(KEY2)) && !headers.contains(Headers.SEC_WEB_SOCKET_VERSION)) {
      JsonAnswer.send(exchange, 400, "unsupported_protocol"); // Hixie-76 / hybi-00 (HS-06)
    } else if (!VERSION.equals(headers.getFirst(Headers.SEC_WEB_SOCKET_VERSION))) {
      // RFC 6455 §4.4: answer with the versions we speak.
      JsonAnswer.send(exchange, 426, "unsupported_version", Map.of("Sec-WebSocket-Version", VERSION));
    } else if (!validKey(headers.getFirst(Headers.SEC_WEB_SOCKET_KEY))) {
      JsonAnswer.send(exchange, 400, "invalid_key");
    } else {
      next.handleRequest(exchange);
    }
  }

  /** RFC 6455 §4.1: the key is the base64 of 16 random bytes, so exactly 24 characters. */
  static boolean validKey(String key) {
    if (key == null || key.length() != 24) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * An upgrade request has no body (RFC 6455 §4.1 describes none); after the 101 any body bytes
   * would be read as WebSocket frames, so a request announcing one is refused.
   */
  private static boolean hasBody(HeaderMap headers) {
    String length = headers.getFirst(Headers.CONTENT_LENGTH);
    return headers.contains(Headers.TRANSFER_ENCODING) || (length != null && !length.trim().equals("0"));
  }

  private static boolean repeated(HeaderMap headers) {
    for (HttpString name : SINGLE) {
      HeaderValues values = headers.get(name);
      if (values != null && values.size() > 1) {
        return true;
      }
    }
    return false;
  }

  /** Whether a comma-separated header value holds {@code token}, ignoring case (RFC 9110 §5.6.1). */
  private static boolean listContains(HeaderValues values, String token) {
    if (values == null) {
      return false;
    }
    for (String value : values) {
      for (String item : value.split(",")) {
        if (item.trim().toLowerCase(Locale.ROOT).equals(token)) {
          return true;
        }
      }
    }
    return false;
  }
}
