package dev.portcullis.undertow;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP response exactly as it came off a raw socket.
 *
 * @param status  the status code
 * @param headers every header, names in lower case, values in arrival order
 * @param body    the body (empty for a 101)
 */
record RawResponse(int status, Map<String, List<String>> headers, String body) {

  /** The first value of {@code name}, or {@code null}. */
  String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  boolean has(String name) {
    return headers.containsKey(name.toLowerCase(Locale.ROOT));
  }
}
