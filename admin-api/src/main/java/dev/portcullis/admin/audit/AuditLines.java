package dev.portcullis.admin.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The format of one audit line, shared by the writer and the verifier so that they cannot drift apart.
 *
 * <p>A line is a JSON object on one line, ending in {@code \n}. Its first field is {@code seq} (1, 2, 3,
 * ...), then {@code time} and {@code event} and the event's own fields, then {@code prev}: the SHA-256
 * (lower-case hex) of the previous line's bytes without its newline, or {@link #GENESIS} for the first
 * line. The last field is {@code hash}: the SHA-256 of the line's bytes with that last field removed
 * (the object closed right after {@code prev}). So an edited line fails its own {@code hash}, and a
 * deleted, inserted or reordered one breaks {@code seq} or the
 * next line's {@code prev}. Not instantiable.
 */
final class AuditLines {

  /** The {@code prev} of the first line: 64 zeros. */
  static final String GENESIS = "0".repeat(64);
  /** Longest line the verifier reads; the writer keeps far below it by capping text fields. */
  static final int MAX_LINE_BYTES = 64 * 1024;
  /** Longest text value the writer keeps; longer operator text is cut and marked with an ellipsis. */
  static final int MAX_VALUE_CHARS = 1024;

  static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] HASH_PREFIX = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
  /** {@code ,"hash":"} + 64 hex digits + {@code "}}. */
  static final int HASH_SUFFIX_BYTES = HASH_PREFIX.length + 64 + 2;

  private AuditLines() {}

  /** The line's bytes, without newline, for {@code fields} (which must not hold {@code hash} yet). */
  static byte[] seal(ObjectNode fields, MessageDigest sha256) {
    byte[] body = fields.toString().getBytes(StandardCharsets.UTF_8);
    String hash = hex(sha256.digest(body));
    byte[] line = Arrays.copyOf(body, body.length - 1 + HASH_SUFFIX_BYTES);
    int at = body.length - 1; // overwrite the closing brace
    System.arraycopy(HASH_PREFIX, 0, line, at, HASH_PREFIX.length);
    at += HASH_PREFIX.length;
    byte[] hex = hash.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(hex, 0, line, at, hex.length);
    line[line.length - 2] = '"';
    line[line.length - 1] = '}';
    return line;
  }

  /**
   * The body a line's {@code hash} covers, or {@code null} when the line does not end in a well-formed
   * {@code ,"hash":"<64 hex>"}}.
   */
  static byte[] body(byte[] line) {
    int start = line.length - HASH_SUFFIX_BYTES;
    if (start < 1 || line[line.length - 1] != '}' || line[line.length - 2] != '"') {
      return null;
    }
    for (int i = 0; i < HASH_PREFIX.length; i++) {
      if (line[start + i] != HASH_PREFIX[i]) {
        return null;
      }
    }
    byte[] body = Arrays.copyOf(line, start + 1);
    body[start] = '}';
    return body;
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** {@code text} cut to {@link #MAX_VALUE_CHARS}, so that one line stays far below {@link #MAX_LINE_BYTES}. */
  static String capped(String text) {
    if (text == null || text.length() <= MAX_VALUE_CHARS) {
      return text;
    }
    return text.substring(0, MAX_VALUE_CHARS - 1) + "\u2026";
  }
}
