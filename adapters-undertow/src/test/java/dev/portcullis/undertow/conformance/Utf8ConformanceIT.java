package dev.portcullis.undertow.conformance;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Autobahn group 6 (PROTO-10): valid UTF-8 text, from one byte to four-byte sequences and the edges of
 * the code space, is echoed whole, however it is split across fragments; invalid UTF-8 (overlong forms,
 * surrogates, code points above U+10FFFF, stray continuation bytes, truncated sequences) closes
 * {@code 1007} (RFC 6455 §8.1, §7.4.1), also when the invalid sequence is split across fragments, and
 * without waiting for the message to end.
 */
class Utf8ConformanceIT {

  @RegisterExtension
  static final SharedEchoServer server = new SharedEchoServer();

  @RegisterExtension
  final ServerLog log = new ServerLog();

  static Stream<Arguments> validText() {
    return Stream.of(
        Arguments.of("ASCII and Latin-1", Frames.utf8("Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!")),
        Arguments.of("Greek kosme", Frames.hex("ce ba e1 bd b9 cf 83 ce bc ce b5")),
        Arguments.of("U+0080, first 2-byte", Frames.hex("c2 80")),
        Arguments.of("U+07FF, last 2-byte", Frames.hex("df bf")),
        Arguments.of("U+0800, first 3-byte", Frames.hex("e0 a0 80")),
        Arguments.of("U+D7FF, before the surrogates", Frames.hex("ed 9f bf")),
        Arguments.of("U+E000, after the surrogates", Frames.hex("ee 80 80")),
        Arguments.of("U+FEFF, byte order mark", Frames.hex("ef bb bf")),
        Arguments.of("U+FFFD, replacement character", Frames.hex("ef bf bd")),
        Arguments.of("U+FFFE and U+FFFF, noncharacters", Frames.hex("ef bf be ef bf bf")),
        Arguments.of("U+10000, first 4-byte", Frames.hex("f0 90 80 80")),
        Arguments.of("U+1F600 and U+1D11E, 4-byte", Frames.hex("f0 9f 98 80 f0 9d 84 9e")),
        Arguments.of("U+10FFFF, last code point", Frames.hex("f4 8f bf bf")),
        Arguments.of("NUL", Frames.hex("00")));
  }

  static Stream<Arguments> invalidText() {
    return Stream.of(
        Arguments.of("overlong '/' in 2 bytes", Frames.hex("c0 af")),
        Arguments.of("overlong '/' in 3 bytes", Frames.hex("e0 80 af")),
        Arguments.of("overlong '/' in 4 bytes", Frames.hex("f0 80 80 af")),
        Arguments.of("overlong U+007F (C1)", Frames.hex("c1 bf")),
        Arguments.of("overlong U+07FF in 3 bytes", Frames.hex("e0 9f bf")),
        Arguments.of("overlong U+FFFF in 4 bytes", Frames.hex("f0 8f bf bf")),
        Arguments.of("surrogate U+D800", Frames.hex("ed a0 80")),
        Arguments.of("surrogate U+DFFF", Frames.hex("ed bf bf")),
        Arguments.of("surrogate pair U+D800 U+DC00", Frames.hex("ed a0 80 ed b0 80")),
        Arguments.of("U+110000, above the code space", Frames.hex("f4 90 80 80")),
        Arguments.of("F5 lead byte", Frames.hex("f5 80 80 80")),
        Arguments.of("5-byte form", Frames.hex("f8 88 80 80 80")),
        Arguments.of("6-byte form", Frames.hex("fc 84 80 80 80 80")),
        Arguments.of("FE and FF", Frames.hex("fe ff")),
        Arguments.of("lone continuation byte", Frames.hex("80")),
        Arguments.of("truncated 2-byte at the end", Frames.hex("48 65 6c 6c 6f ce")),
        Arguments.of("truncated 3-byte at the end", Frames.hex("48 65 e2 82")),
        Arguments.of("truncated 4-byte at the end", Frames.hex("48 65 f0 9f 98")),
        Arguments.of("truncated sequence then ASCII", Frames.hex("e2 82 41")),
        Arguments.of("kosme then a surrogate (Autobahn 6.3.1)",
            Frames.hex("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64")));
  }

  @ParameterizedTest(name = "6.1.{index} valid {0} is echoed")
  @MethodSource("validText")
  void case_6_1_validUtf8IsEchoed(String what, byte[] payload) throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text(payload));
      Expect.text(client, payload);
    }
  }

  @ParameterizedTest(name = "6.2.{index} valid {0}, one fragment per byte, is echoed")
  @MethodSource("validText")
  void case_6_2_validUtf8SplitIntoOneFragmentPerByteIsEchoed(String what, byte[] payload) throws Exception {
    try (WireClient client = server.connect()) {
      client.send(fragmentPerByte(payload));
      Expect.text(client, payload);
    }
  }

  @Test
  void case_6_2_2_fourByteSequenceSplitAcrossTwoFragmentsIsEchoed() throws Exception {
    byte[] payload = Frames.hex("41 f0 9f 98 80 42");
    try (WireClient client = server.connect()) {
      client.send(Frames.text(Arrays.copyOfRange(payload, 0, 3)).more(),
          Frames.continuation(Arrays.copyOfRange(payload, 3, payload.length)));
      Expect.text(client, payload);
    }
  }

  @ParameterizedTest(name = "6.3.{index} invalid: {0} closes 1007")
  @MethodSource("invalidText")
  void case_6_3_invalidUtf8Closes1007(String what, byte[] payload) throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text(payload));
      Expect.closed(client, 1007);
    }
  }

  @ParameterizedTest(name = "6.4.{index} invalid: {0}, one fragment per byte, closes 1007")
  @MethodSource("invalidText")
  void case_6_4_invalidUtf8SplitIntoOneFragmentPerByteCloses1007(String what, byte[] payload) throws Exception {
    try (WireClient client = server.connect()) {
      client.send(fragmentPerByte(payload));
      Expect.closed(client, 1007);
    }
  }

  @Test
  void case_6_4_2_overlongSequenceSplitBetweenTwoFragmentsCloses1007() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text(Frames.hex("48 65 c0")).more(), Frames.continuation(Frames.hex("af 6c 6f")));
      Expect.closed(client, 1007);
    }
  }

  @Test
  void case_6_4_3_surrogateSplitBetweenTwoFragmentsCloses1007() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text(Frames.hex("48 ed")).more(), Frames.continuation(Frames.hex("a0 80")));
      Expect.closed(client, 1007);
    }
  }

  /** Autobahn 6.4.1: the server fails as soon as the invalid bytes arrive, before the message ends. */
  @Test
  void case_6_4_4_invalidUtf8InAnOpenFragmentedMessageCloses1007BeforeTheMessageEnds() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text(Frames.hex("ce ba e1 bd b9 cf 83 ce bc ce b5")).more(),
          Frames.continuation(Frames.hex("f4 90 80 80")).more());
      // no final fragment is ever sent
      Expect.closed(client, 1007);
    }
  }

  /** Autobahn 6.4.3 (scaled): the invalid bytes arrive inside one frame whose rest never comes. */
  @Test
  void case_6_4_5_invalidUtf8InsideAFrameStillBeingReceivedCloses1007() throws Exception {
    byte[] head = Frames.hex("ce ba e1 bd b9 cf 83 ce bc ce b5 f4 90 80 80");
    try (WireClient client = server.connect()) {
      Frames.Frame frame = Frames.text(new byte[0]).maskKey(new byte[4]).declaredLength(head.length + 1000L)
          .length(Frames.Length.BITS_16);
      client.write(Frames.concat(frame.header(), head));
      Expect.closed(client, 1007);
    }
  }

  @Test
  void case_6_4_6_truncatedSequenceAtTheEndOfAFragmentedMessageCloses1007() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text(Frames.hex("48 65")).more(), Frames.continuation(Frames.hex("f0 9f")));
      Expect.closed(client, 1007);
    }
  }

  private static Frames.Frame[] fragmentPerByte(byte[] payload) {
    if (payload.length == 0) {
      return new Frames.Frame[] {Frames.text(payload)};
    }
    Frames.Frame[] frames = new Frames.Frame[payload.length];
    for (int i = 0; i < payload.length; i++) {
      byte[] one = {payload[i]};
      frames[i] = (i == 0 ? Frames.text(one) : Frames.continuation(one)).fin(i == payload.length - 1);
    }
    return frames;
  }
}
