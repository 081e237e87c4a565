package dev.portcullis.undertow.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Client frames built bit for bit (RFC 6455 §5.2), including the ones no well-behaved client sends:
 * any FIN, RSV1-3 and opcode, masked or not, with a chosen mask key, a chosen length encoding (7-, 16-
 * or 64-bit, minimal or not) and even a declared length that differs from the payload that follows.
 * Immutable builders; thread-safe static helpers.
 */
final class Frames {

  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** Values of the 3-bit RSV field (bits 6..4 of the first byte). */
  static final int RSV1 = 0b100;
  static final int RSV2 = 0b010;
  static final int RSV3 = 0b001;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** How the payload length is written (RFC 6455 §5.2 "Payload length"). */
  enum Length {
    /** 7 bits in the second byte: 0..125. */
    BITS_7,
    /** 126, then a 16-bit unsigned length. */
    BITS_16,
    /** 127, then a 64-bit length (its most significant bit must be 0). */
    BITS_64;

    /** The encoding RFC 6455 §5.2 requires: the minimal one. */
    static Length minimal(long length) {
      return length <= 125 ? BITS_7 : length <= 0xFFFF ? BITS_16 : BITS_64;
    }
  }

  private Frames() {}

  static Frame frame(int opcode, byte[] payload) {
    return new Frame(true, 0, opcode, true, null, payload, null, null);
  }

  static Frame text(String text) {
    return frame(TEXT, utf8(text));
  }

  static Frame text(byte[] payload) {
    return frame(TEXT, payload);
  }

  static Frame binary(byte[] payload) {
    return frame(BINARY, payload);
  }

  static Frame continuation(byte[] payload) {
    return frame(CONTINUATION, payload);
  }

  static Frame ping(byte[] payload) {
    return frame(PING, payload);
  }

  static Frame pong(byte[] payload) {
    return frame(PONG, payload);
  }

  static Frame close(byte[] payload) {
    return frame(CLOSE, payload);
  }

  /** A close frame with {@code code} and {@code reason} (RFC 6455 §5.5.1). */
  static Frame close(int code, byte[] reason) {
    return close(closePayload(code, reason));
  }

  static Frame close(int code) {
    return close(code, new byte[0]);
  }

  static byte[] closePayload(int code, byte[] reason) {
    return ByteBuffer.allocate(2 + reason.length).putShort((short) code).put(reason).array();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Bytes from hex pairs, spaces allowed: {@code "ce ba e1"}. */
  static byte[] hex(String pairs) {
    return HexFormat.of().parseHex(pairs.replace(" ", ""));
  }

  /** {@code length} printable ASCII bytes, varying so that a shifted or truncated echo shows. */
  static byte[] ascii(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) ('a' + i % 26);
    }
    return bytes;
  }

  /** {@code length} bytes covering every value 0..255, as a binary payload. */
  static byte[] allByteValues(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 7 + 3);
    }
    return bytes;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /**
   * One frame. By default: FIN set, RSV 0, masked with a random key, minimal length encoding, the
   * declared length equal to the payload's.
   */
  record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] maskKey, byte[] payload, Length length,
      Long declaredLength) {

    Frame {
      Objects.requireNonNull(payload, "payload");
      if (rsv < 0 || rsv > 7) {
        throw new IllegalArgumentException("rsv is a 3-bit field, not " + rsv);
      }
      if (opcode < 0 || opcode > 15) {
        throw new IllegalArgumentException("opcode is a 4-bit field, not " + opcode);
      }
      if (maskKey != null && maskKey.length != 4) {
        throw new IllegalArgumentException("a mask key has 4 bytes, not " + maskKey.length);
      }
    }

    Frame fin(boolean value) {
      return new Frame(value, rsv, opcode, masked, maskKey, payload, length, declaredLength);
    }

    /** Not final: more fragments follow (RFC 6455 §5.4). */
    Frame more() {
      return fin(false);
    }

    Frame rsv(int value) {
      return new Frame(fin, value, opcode, masked, maskKey, payload, length, declaredLength);
    }

    Frame opcode(int value) {
      return new Frame(fin, rsv, value, masked, maskKey, payload, length, declaredLength);
    }

    Frame unmasked() {
      return new Frame(fin, rsv, opcode, false, null, payload, length, declaredLength);
    }

    Frame maskKey(byte[] key) {
      return new Frame(fin, rsv, opcode, true, key.clone(), payload, length, declaredLength);
    }

    Frame length(Length encoding) {
      return new Frame(fin, rsv, opcode, masked, maskKey, payload, encoding, declaredLength);
    }

    /**
     * Writes {@code declared} into the length field whatever the payload holds (the 64-bit encoding
     * unless another was chosen), for frames that lie about their size. Only the header is then
     * meaningful; {@link #bytes()} still appends the payload given.
     */
    Frame declaredLength(long declared) {
      return new Frame(fin, rsv, opcode, masked, maskKey, payload, length == null ? Length.BITS_64 : length, declared);
    }

    /** The frame on the wire: header, mask key, masked payload. */
    byte[] bytes() {
      byte[] key = maskKey != null ? maskKey : randomKey();
      ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
      out.writeBytes(header(key));
      for (int i = 0; i < payload.length; i++) {
        out.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
      }
      return out.toByteArray();
    }

    /**
     * The header alone (with the mask key when masked), for frames whose payload is trickled; give the
     * frame an all-zero {@link #maskKey} so that the trickled bytes need no masking.
     */
    byte[] header() {
      return header(maskKey != null ? maskKey : randomKey());
    }

    private byte[] header(byte[] key) {
      long declared = declaredLength != null ? declaredLength : payload.length;
      Length encoding = length != null ? length : Length.minimal(declared);
      ByteArrayOutputStream out = new ByteArrayOutputStream(14);
      out.write((fin ? 0x80 : 0) | rsv << 4 | opcode);
      int maskBit = masked ? 0x80 : 0;
      switch (encoding) {
        case BITS_7 -> out.write(maskBit | (int) (declared & 0x7F));
        case BITS_16 -> {
          out.write(maskBit | 126);
          out.write((int) (declared >>> 8) & 0xFF);
          out.write((int) declared & 0xFF);
        }
        case BITS_64 -> {
          out.write(maskBit | 127);
          out.writeBytes(ByteBuffer.allocate(8).putLong(declared).array());
        }
      }
      if (masked) {
        out.writeBytes(key);
      }
      return out.toByteArray();
    }

    private static byte[] randomKey() {
      byte[] key = new byte[4];
      RANDOM.nextBytes(key);
      return key;
    }
  }
}
