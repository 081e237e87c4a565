package dev.portcullis.undertow;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the blocks of a PEM text (RFC 7468): {@code -----BEGIN <label>-----}, base64, {@code -----END
 * <label>-----}. Text between blocks (such as OpenSSL's {@code Bag Attributes}) is skipped. A block with
 * RFC 1421 header lines ({@code Proc-Type: 4,ENCRYPTED}, {@code DEK-Info}) is marked encrypted: the
 * legacy OpenSSL encryption of a PKCS#1 or SEC1 key. Stateless and thread-safe.
 */
final class PemBlocks {

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);

  /**
   * One block.
   *
   * @param label     what the block says it holds, such as {@code CERTIFICATE} or {@code PRIVATE KEY}
   * @param encrypted whether RFC 1421 headers say its content is encrypted
   * @param der       the decoded content; for an encrypted block, the ciphertext
   */
  record Block(String label, boolean encrypted, byte[] der) {}

  private PemBlocks() {}

  /**
   * Every block of {@code text}, in order.
   *
   * @throws IllegalArgumentException when a block's END label differs from its BEGIN label, or its
   *     content is not base64; the message names the block by label and position, never its content
   */
  static List<Block> read(String text) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String label = m.group(1);
      int position = blocks.size() + 1;
      if (!label.equals(m.group(3))) {
        throw new IllegalArgumentException("PEM block " + position + " begins as '" + label + "' but ends as '"
            + m.group(3) + "'");
      }
      String body = m.group(2);
      boolean encrypted = false;
      int blank = headerEnd(body);
      if (blank >= 0) {
        encrypted = body.substring(0, blank).contains("ENCRYPTED");
        body = body.substring(blank);
      }
      try {
        blocks.add(new Block(label, encrypted, Base64.getMimeDecoder().decode(body.strip())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("PEM block " + position + " ('" + label + "') is not valid base64");
      }
    }
    return blocks;
  }

  /** Where the base64 starts after RFC 1421 header lines ({@code Name: value}), or -1 when there are none. */
  private static int headerEnd(String body) {
    String trimmed = body.stripLeading();
    int firstLineEnd = trimmed.indexOf('\n');
    String firstLine = firstLineEnd < 0 ? trimmed : trimmed.substring(0, firstLineEnd);
    if (!firstLine.contains(":")) {
      return -1;
    }
    Matcher blank = Pattern.compile("\\r?\\n\\s*\\r?\\n").matcher(body);
    return blank.find() ? blank.end() : body.length();
  }
}
