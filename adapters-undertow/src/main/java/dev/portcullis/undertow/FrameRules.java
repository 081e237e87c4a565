package dev.portcullis.undertow;

import java.nio.ByteBuffer;

/**
 * The frame-header rules Undertow's parser leaves out, judged on one socket's inbound headers as they
 * arrive. Every client frame is masked, control frames included (RFC 6455 §5.1). Only RSV1 may be set,
 * and only with {@code permessage-deflate} negotiated, and then only on a message's first frame: never
 * on a continuation or control frame (RFC 6455 §5.2, RFC 7692 §6 and §6.1). A 64-bit length has its most
 * significant bit clear (RFC 6455 §5.2); Undertow would take it as a negative length. A message is split
 * into at most {@code maxFrames} frames (SIZE-03): empty continuations add no bytes, so the size limit
 * alone never ends them. Control frames may sit between fragments (RFC 6455 §5.4) and are not counted.
 *
 * <p>Confined to the socket's IO thread, which parses its frames one at a time.
 */
final class FrameRules {

  /** What a header broke; each ends the socket. */
  enum Violation {
    UNMASKED(true),
    RESERVED_BITS(true),
    NEGATIVE_LENGTH(true),
    TOO_MANY_FRAMES(false);

    private final boolean protocolError;

    Violation(boolean protocolError) {
      this.protocolError = protocolError;
    }

    /** Whether RFC 6455 calls it a protocol error ({@code 1002}); otherwise the message is too big. */
    boolean protocolError() {
      return protocolError;
    }
  }

  /** Fragments of one message never limited below this, whatever the size limit. */
  static final int MIN_FRAMES_PER_MESSAGE = 1024;
  /**
   * One frame allowed per this many bytes of the size limit: Autobahn's smallest fragments (its cases
   * 9.3.1 and 9.4.1) carry 64 bytes, so a message fragmented that finely still fits.
   */
  static final int BYTES_PER_FRAME = 64;

  private static final int FIN = 0x80;
  private static final int RSV1 = 0x40;
  private static final int RSV2_RSV3 = 0x30;
  private static final int OPCODE = 0x0F;
  private static final int CONTINUATION = 0x0;
  /** RFC 6455 §5.5: control opcodes have the high bit of the opcode set. */
  private static final int CONTROL = 0x8;
  private static final int MASK = 0x80;

  private final boolean compression;
  private final int maxFrames;
  private int first;
  private int headerBytesSeen;
  private int messageFrames;

  private FrameRules(boolean compression, int maxFrames) {
    this.compression = compression;
    this.maxFrames = maxFrames;
  }

  /** The rules for a socket with {@code permessage-deflate} negotiated or not, and this message size limit. */
  static FrameRules of(boolean compression, long maxMessageSize) {
    return new FrameRules(compression, maxFramesPerMessage(maxMessageSize));
  }

  static int maxFramesPerMessage(long maxMessageSize) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_FRAMES_PER_MESSAGE, maxMessageSize / BYTES_PER_FRAME));
  }

  /**
   * Judges whichever of the current header's first two bytes {@code data} holds and have not been seen,
   * without consuming them: call it with each chunk before the parser reads it.
   *
   * @return what the header broke, or {@code null}
   */
  Violation inspect(ByteBuffer data) {
    int at = data.position();
    while (headerBytesSeen < 2 && at < data.limit()) {
      int b = data.get(at++) & 0xFF;
      if (headerBytesSeen++ == 0) {
        first = b;
      } else {
        Violation violation = judge(first, b);
        if (violation != null) {
          return violation;
        }
      }
    }
    return null;
  }

  /**
   * Judges the whole header once parsed, and readies for the next one.
   *
   * @param declaredLength the payload length as the parser read it
   * @return what the header broke, or {@code null}
   */
  Violation complete(long declaredLength) {
    headerBytesSeen = 0;
    return declaredLength < 0 ? Violation.NEGATIVE_LENGTH : null;
  }

  private Violation judge(int first, int second) {
    if ((second & MASK) == 0) {
      return Violation.UNMASKED;
    }
    int opcode = first & OPCODE;
    boolean control = (opcode & CONTROL) != 0;
    if ((first & RSV2_RSV3) != 0
        || ((first & RSV1) != 0 && (!compression || control || opcode == CONTINUATION))) {
      return Violation.RESERVED_BITS;
    }
    if (control) {
      return null;
    }
    messageFrames = opcode == CONTINUATION ? messageFrames + 1 : 1;
    if (messageFrames > maxFrames) {
      return Violation.TOO_MANY_FRAMES;
    }
    if ((first & FIN) != 0) {
      messageFrames = 0;
    }
    return null;
  }
}
