package dev.portcullis.admin.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * Checks an audit trail written by {@link AuditTrail} line by line and names the first broken line:
 * not JSON, a missing or malformed field, a {@code hash} that does not match the line (it was edited), a
 * {@code seq} out of order (a line was deleted, inserted or moved), a {@code prev} that does not match
 * the line before, or a last line without its newline (a torn write, repaired when the trail is next
 * opened). Reads the file as a stream, holding one line at a time; a line longer than any the writer
 * produces is reported, not buffered. Thread-safe: keeps no state.
 */
public final class AuditVerifier {

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private AuditVerifier() {}

  /**
   * Verifies the trail in {@code file}. An empty file holds (nothing was recorded yet).
   *
   * @throws UncheckedIOException when the file cannot be read at all
   */
  public static VerifyResult verify(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return verify(in);
    } catch (IOException e) {
      throw new UncheckedIOException("audit trail " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static VerifyResult verify(InputStream in) throws IOException {
    MessageDigest sha256 = AuditLines.sha256();
    String prev = AuditLines.GENESIS;
    long valid = 0;
    ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    boolean tooLong = false;
    for (int b = in.read(); ; b = in.read()) {
      if (b == -1) {
        if (line.size() > 0 || tooLong) {
          return VerifyResult.broken(valid, prev, "the last line has no newline: a torn write (opening the trail "
              + "with the server cuts it off and records that it did)");
        }
        return VerifyResult.intact(valid, prev);
      }
      if (b != '\n') {
        if (line.size() < AuditLines.MAX_LINE_BYTES) {
          line.write(b);
        } else {
          tooLong = true;
        }
        continue;
      }
      if (tooLong) {
        return VerifyResult.broken(valid, prev, "longer than " + AuditLines.MAX_LINE_BYTES + " bytes: not an audit line");
      }
      byte[] bytes = line.toByteArray();
      String problem = problem(bytes, valid + 1, prev, sha256);
      if (problem != null) {
        return VerifyResult.broken(valid, prev, problem);
      }
      prev = AuditLines.hex(sha256.digest(bytes));
      valid++;
      line.reset();
    }
  }

  /** Why {@code line} cannot be line number {@code expectedSeq} after a line hashing to {@code prev}, or null. */
  private static String problem(byte[] line, long expectedSeq, String prev, MessageDigest sha256) {
    JsonNode node;
    try {
      node = AuditLines.JSON.readTree(line);
    } catch (IOException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      return line.length == 0 ? "an empty line" : "not a JSON object";
    }
    if (!node.path("seq").isIntegralNumber()) {
      return "no whole-number seq field";
    }
    for (String field : new String[] {"prev", "hash"}) {
      if (!HEX64.matcher(node.path(field).asText()).matches()) {
        return "no " + field + " field of 64 lower-case hex digits";
      }
    }
    byte[] body = AuditLines.body(line);
    if (body == null) {
      return "the hash field is not the last field of the line";
    }
    if (!AuditLines.hex(sha256.digest(body)).equals(node.get("hash").asText())) {
      return "hash mismatch: the line's content does not match its hash (it was edited)";
    }
    long seq = node.get("seq").asLong();
    if (seq != expectedSeq) {
      return "sequence gap: expected seq " + expectedSeq + ", found " + seq
          + (seq > expectedSeq ? " (a line is missing)" : " (a line is repeated or moved)");
    }
    if (!node.get("prev").asText().equals(prev)) {
      return "chain broken: prev does not match the SHA-256 of the line before"
          + (expectedSeq == 1 ? " (the genesis value)" : "");
    }
    return null;
  }
}
