package dev.portcullis.undertow;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends an exchange with a bare JSON refusal, {@code {"error":"<code>"}} and nothing more (CONTRACT §2),
 * never cached. Stateless and thread-safe; call it on the exchange's thread.
 */
final class JsonAnswer {

  private static final Logger LOG = LoggerFactory.getLogger(JsonAnswer.class);
  /** RFC 9110 §5.1: a field name is a token. */
  private static final Pattern FIELD_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** Headers this class owns, or that would change how the response is framed: a policy never sets them. */
  private static final Set<String> RESERVED = Set.of("content-type", "content-length", "cache-control",
      "transfer-encoding", "set-cookie");

  private JsonAnswer() {}

  static void send(HttpServerExchange exchange, int status, String code) {
    send(exchange, status, code, Map.of());
  }

  /**
   * Answers {@code status} with body {@code {"error":code}} and {@code headers}; header names that are
   * not tokens, values with control characters, and the framing headers above are dropped.
   */
  static void send(HttpServerExchange exchange, int status, String code, Map<String, String> headers) {
    if (exchange.isResponseStarted()) {
      exchange.endExchange();
      return;
    }
    exchange.setStatusCode(status);
    HeaderMap response = exchange.getResponseHeaders();
    headers.forEach((name, value) -> {
      if (acceptable(name, value)) {
        response.put(HttpString.tryFromString(name), value);
      } else {
        LOG.warn("Dropped the response header '{}' of a {} refusal: not a valid, settable header", name, code);
      }
    });
    byte[] body = body(code);
    response.put(Headers.CONTENT_TYPE, "application/json");
    response.put(Headers.CACHE_CONTROL, "no-store");
    response.put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
    response.put(Headers.CONTENT_LENGTH, body.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  /** {@code {"error":"<code>"}} with {@code code} escaped as a JSON string. */
  static byte[] body(String code) {
    return ("{\"error\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(code)) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static boolean acceptable(String name, String value) {
    if (name == null || value == null || !FIELD_NAME.matcher(name).matches()
        || RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return false; // CR or LF would split the response
      }
    }
    return true;
  }
}
