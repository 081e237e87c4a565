package dev.portcullis.undertow;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The JSON frames the transport itself sends on a socket: the error frame of CONTRACT §3 and the
 * {@code auth_ok} answer to a successful {@code auth} message. Stateless and thread-safe.
 */
final class ClientFrames {

  /** The answer to an {@code auth} message whose token was accepted (first authentication or refresh). */
  static final String AUTH_OK = "{\"type\":\"auth_ok\"}";
  static final String UNAUTHENTICATED = "unauthenticated";
  static final String BINARY_NOT_ALLOWED = "binary_not_allowed";
  static final String RATE_LIMITED = "rate_limited";

  private ClientFrames() {}

  /**
   * {@code {"type":"error","code":..,"ref":..,"message":"An error occurred"}}, exactly these four keys;
   * {@code ref} is the refused message's id, or {@code null} when none was read.
   */
  static String error(String code, String ref) {
    String quotedRef = ref == null ? "null" : "\"" + quote(ref) + "\"";
    return "{\"type\":\"error\",\"code\":\"" + quote(code) + "\",\"ref\":" + quotedRef
        + ",\"message\":\"An error occurred\"}";
  }

  private static String quote(String text) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(text));
  }
}
