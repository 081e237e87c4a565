package dev.portcullis.undertow;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The JSON frames the transport itself speaks on a socket (CONTRACT §3): the error frame, the
 * {@code auth_ok} answer, and reading a first-message {@code auth}. Thread-safe.
 */
final class ClientFrames {

  static final String AUTH_OK = "{\"type\":\"auth_ok\"}";
  static final String UNAUTHENTICATED = "unauthenticated";
  /** CONTRACT §3: a message id is a string of 1 to 128 characters. */
  private static final int MAX_ID_LENGTH = 128;
  /** Duplicate keys refused, so that {@code {"type":"x","type":"auth"}} means one thing only. */
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private ClientFrames() {}

  /** {@code {"type":"error","code":..,"ref":..,"message":"An error occurred"}}; {@code ref} may be null. */
  static String error(String code, String ref) {
    String quotedRef = ref == null ? "null" : "\"" + quote(ref) + "\"";
    return "{\"type\":\"error\",\"code\":\"" + quote(code) + "\",\"ref\":" + quotedRef
        + ",\"message\":\"An error occurred\"}";
  }

  private static String quote(String text) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(text));
  }

  /**
   * A message read as a possible {@code {"type":"auth","token":"<t>"}}. Never logged: its
   * {@link #toString()} hides the token.
   *
   * @param auth  whether {@code type} is {@code auth}
   * @param token the token, or {@code null} when absent, empty or not a string
   * @param id    the message's {@code id} when it is a string of 1 to 128 characters, else {@code null}
   */
  record Inbound(boolean auth, String token, String id) {

    private static final Inbound NOTHING = new Inbound(false, null, null);

    /** Reads {@code text}; anything that is not a JSON object reads as a non-auth message without id. */
    static Inbound parse(String text) {
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (IOException | RuntimeException e) {
        return NOTHING; // the parser's message may quote the input: it is not kept
      }
      if (node == null || !node.isObject()) {
        return NOTHING;
      }
      JsonNode id = node.get("id");
      String ref = id != null && id.isTextual() && !id.textValue().isEmpty() && id.textValue().length() <= MAX_ID_LENGTH
          ? id.textValue() : null;
      JsonNode type = node.get("type");
      JsonNode token = node.get("token");
      return new Inbound(type != null && type.isTextual() && type.textValue().equals("auth"),
          token != null && token.isTextual() && !token.textValue().isEmpty() ? token.textValue() : null, ref);
    }

    @Override
    public String toString() {
      return "Inbound[auth=" + auth + ", token=" + (token == null ? "none" : "redacted") + ", id=" + id + "]";
    }
  }
}
