package dev.portcullis.admin.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a raw (still percent-encoded) request path into decoded segments, so that an encoded slash stays
 * inside its segment ({@code /admin/blocks/10.0.0.0%2F8} names {@code 10.0.0.0/8}) and nothing is decoded
 * twice. {@code +} is a plus sign, as RFC 3986 says for paths. Stateless.
 */
final class Paths {

  private Paths() {}

  /** The segments of {@code path} (leading and trailing slashes dropped), undecoded. */
  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String part : path.split("/", -1)) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }

  /**
   * {@code raw} percent-decoded as UTF-8.
   *
   * @throws IllegalArgumentException on a broken escape or bytes that are not UTF-8
   */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new IllegalArgumentException("a truncated percent escape");
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("a percent escape that is not hexadecimal");
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("a percent escape that is not UTF-8", e);
    }
  }

  /** The path of a request target: an absolute-form target loses its scheme and authority, the query goes. */
  static String pathOf(String requestUri) {
    String path = requestUri;
    int scheme = path.indexOf("://");
    if (scheme >= 0 && !path.startsWith("/")) {
      int slash = path.indexOf('/', scheme + 3);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }
}
