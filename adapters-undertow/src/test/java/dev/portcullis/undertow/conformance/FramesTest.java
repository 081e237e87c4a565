package dev.portcullis.undertow.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.undertow.conformance.Frames.Length;
import org.junit.jupiter.api.Test;

/** The frame writer the conformance cases rely on writes exactly the bits RFC 6455 §5.2 describes. */
class FramesTest {

  private static final byte[] KEY = Frames.hex("37 fa 21 3d");

  @Test
  void writesTheRfcExampleOfAMaskedHello() {
    // RFC 6455 §5.7: "A single-frame masked text message"
    assertThat(Frames.text("Hello").maskKey(KEY).bytes()).isEqualTo(Frames.hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
  }

  @Test
  void writesFinRsvAndOpcodeIntoTheFirstByte() {
    byte[] frame = Frames.ping(new byte[0]).more().rsv(Frames.RSV1 | Frames.RSV3).maskKey(KEY).bytes();
    assertThat(frame[0] & 0xFF).isEqualTo(0b0101_1001);
  }

  @Test
  void writesUnmaskedFramesWithoutMaskBitOrKey() {
    assertThat(Frames.text("Hello").unmasked().bytes()).isEqualTo(Frames.hex("81 05 48 65 6c 6c 6f"));
  }

  @Test
  void choosesTheMinimalLengthEncodingAndHonoursAForcedOne() {
    assertThat(Frames.binary(new byte[125]).maskKey(KEY).bytes()).hasSize(2 + 4 + 125);
    byte[] medium = Frames.binary(new byte[126]).maskKey(KEY).bytes();
    assertThat(medium[1] & 0xFF).isEqualTo(0x80 | 126);
    assertThat(((medium[2] & 0xFF) << 8) | (medium[3] & 0xFF)).isEqualTo(126);
    byte[] large = Frames.binary(new byte[65536]).maskKey(KEY).bytes();
    assertThat(large[1] & 0xFF).isEqualTo(0x80 | 127);
    assertThat(java.util.Arrays.copyOfRange(large, 2, 10)).isEqualTo(Frames.hex("00 00 00 00 00 01 00 00"));
    byte[] forced = Frames.text("x").length(Length.BITS_64).maskKey(KEY).bytes();
    assertThat(forced).hasSize(2 + 8 + 4 + 1);
  }

  @Test
  void writesADeclaredLengthThatDiffersFromThePayload() {
    byte[] header = Frames.text(new byte[0]).maskKey(new byte[4]).declaredLength(0x8000000000000005L).header();
    assertThat(header).isEqualTo(Frames.hex("81 ff 80 00 00 00 00 00 00 05 00 00 00 00"));
  }

  @Test
  void refusesFieldsThatDoNotFit() {
    assertThatThrownBy(() -> Frames.text("x").rsv(8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Frames.frame(16, new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
