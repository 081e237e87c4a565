package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.undertow.FrameRules.Violation;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameRulesTest {

  private static final long ONE_MIB = 1024 * 1024;

  private final FrameRules plain = FrameRules.of(false, ONE_MIB);
  private final FrameRules compressed = FrameRules.of(true, ONE_MIB);

  /** Feeds one whole header's first two bytes, then completes it with {@code length}. */
  private static Violation header(FrameRules rules, int first, int second, long length) {
    Violation seen = rules.inspect(ByteBuffer.wrap(new byte[] {(byte) first, (byte) second}));
    return seen != null ? seen : rules.complete(length);
  }

  @Test
  void acceptsAMaskedTextFrame() {
    assertThat(header(plain, 0x81, 0x85, 5)).isNull();
  }

  @Test
  void refusesAnUnmaskedFrameOfEveryKind() {
    for (int first : new int[] {0x81, 0x82, 0x88, 0x89, 0x8A}) {
      assertThat(header(FrameRules.of(false, ONE_MIB), first, 0x05, 5)).as("first byte %x", first)
          .isEqualTo(Violation.UNMASKED);
    }
  }

  @Test
  void refusesA64BitLengthWithItsTopBitSet() {
    assertThat(header(plain, 0x81, 0xFF, Long.MIN_VALUE)).isEqualTo(Violation.NEGATIVE_LENGTH);
    assertThat(header(plain, 0x81, 0xFF, -1)).isEqualTo(Violation.NEGATIVE_LENGTH);
  }

  @Test
  void refusesRsv1WithoutCompressionButAcceptsItOnACompressedMessagesFirstFrame() {
    assertThat(header(plain, 0xC1, 0x85, 5)).isEqualTo(Violation.RESERVED_BITS);
    assertThat(header(compressed, 0xC1, 0x85, 5)).isNull();
  }

  @Test
  void refusesRsv1OnAContinuationOrAControlFrameEvenWithCompression() {
    assertThat(header(compressed, 0x41, 0x85, 5)).isNull();
    assertThat(header(compressed, 0xC0, 0x85, 5)).isEqualTo(Violation.RESERVED_BITS);
    assertThat(header(FrameRules.of(true, ONE_MIB), 0xC9, 0x85, 5)).isEqualTo(Violation.RESERVED_BITS);
  }

  @Test
  void refusesRsv2AndRsv3WithOrWithoutCompression() {
    assertThat(header(compressed, 0xA1, 0x85, 5)).isEqualTo(Violation.RESERVED_BITS);
    assertThat(header(FrameRules.of(true, ONE_MIB), 0x91, 0x85, 5)).isEqualTo(Violation.RESERVED_BITS);
    assertThat(header(plain, 0xE1, 0x85, 5)).isEqualTo(Violation.RESERVED_BITS);
  }

  @Test
  void judgesAHeaderSplitAcrossReadsByteByByteWithoutConsumingIt() {
    ByteBuffer first = ByteBuffer.wrap(new byte[] {(byte) 0x89});
    assertThat(plain.inspect(first)).isNull();
    assertThat(first.position()).isZero();
    ByteBuffer second = ByteBuffer.wrap(new byte[] {0x00, 0x7F});
    assertThat(plain.inspect(second)).isEqualTo(Violation.UNMASKED);
    assertThat(second.position()).isZero();
  }

  @Test
  void limitsTheFramesOfOneMessageButNotItsInterleavedControlFrames() {
    int limit = FrameRules.maxFramesPerMessage(ONE_MIB);
    assertThat(header(plain, 0x01, 0x80, 0)).isNull();
    for (int i = 1; i < limit - 1; i++) {
      assertThat(header(plain, 0x00, 0x80, 0)).as("continuation %d", i).isNull();
      assertThat(header(plain, 0x89, 0x80, 0)).as("ping after continuation %d", i).isNull();
    }
    assertThat(header(plain, 0x00, 0x80, 0)).as("the last frame the limit allows").isNull();
    assertThat(header(plain, 0x00, 0x80, 0)).isEqualTo(Violation.TOO_MANY_FRAMES);
  }

  @Test
  void countsEachMessageOnItsOwn() {
    int limit = FrameRules.maxFramesPerMessage(ONE_MIB);
    for (int message = 0; message < 3; message++) {
      assertThat(header(plain, 0x01, 0x80, 0)).isNull();
      for (int i = 1; i < limit - 1; i++) {
        assertThat(header(plain, 0x00, 0x80, 0)).isNull();
      }
      assertThat(header(plain, 0x80, 0x80, 0)).as("final frame of message %d", message).isNull();
    }
  }

  @Test
  void allowsOneFramePer64BytesOfTheSizeLimitAndNeverFewerThan1024() {
    assertThat(FrameRules.maxFramesPerMessage(ONE_MIB)).isEqualTo(16_384);
    assertThat(FrameRules.maxFramesPerMessage(64 * 1024)).isEqualTo(1024);
    assertThat(FrameRules.maxFramesPerMessage(1)).isEqualTo(1024);
    assertThat(FrameRules.maxFramesPerMessage(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
  }
}
