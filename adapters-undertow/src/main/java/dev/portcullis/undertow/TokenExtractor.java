package dev.portcullis.undertow;

import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.BearerToken.Carrier;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Finds the bearer token of an upgrade request (CONTRACT §2): {@code Authorization: Bearer <t>}
 * (scheme in any case, RFC 6750 §2.1), else the query parameter {@code token}, else a
 * {@code Sec-WebSocket-Protocol} entry {@code bearer.<t>} (browsers cannot set headers). Other
 * {@code Authorization} schemes carry no bearer token and are passed over. Pure functions; thread-safe.
 */
final class TokenExtractor {

  static final String QUERY_PARAMETER = "token";
  /** The subprotocol the server selects when a client sends its token as {@code bearer.<t>}. */
  static final String SUBPROTOCOL = "bearer";
  static final String SUBPROTOCOL_PREFIX = SUBPROTOCOL + ".";
  private static final String SCHEME = "Bearer";

  private TokenExtractor() {}

  /**
   * The token, or {@code null} when the request carries none.
   *
   * @param authorization the first {@code Authorization} header, or {@code null}
   * @param query         the decoded query parameters
   * @param subprotocols  every {@code Sec-WebSocket-Protocol} header value, in order
   */
  static BearerToken extract(String authorization, Map<String, Deque<String>> query, List<String> subprotocols) {
    if (authorization != null) {
      String value = authorization.trim();
      boolean bearer = value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
          && (value.length() == SCHEME.length() || value.charAt(SCHEME.length()) == ' ');
      if (bearer) {
        return new BearerToken(value.substring(SCHEME.length()).trim(), Carrier.HEADER);
      }
    }
    Deque<String> fromQuery = query.get(QUERY_PARAMETER);
    if (fromQuery != null && !fromQuery.isEmpty()) {
      return new BearerToken(fromQuery.getFirst(), Carrier.QUERY);
    }
    for (String header : subprotocols) {
      for (String entry : header.split(",")) {
        String protocol = entry.trim();
        if (protocol.startsWith(SUBPROTOCOL_PREFIX)) {
          return new BearerToken(protocol.substring(SUBPROTOCOL_PREFIX.length()), Carrier.SUBPROTOCOL);
        }
      }
    }
    return null;
  }
}
