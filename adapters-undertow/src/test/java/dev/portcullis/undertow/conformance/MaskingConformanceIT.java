package dev.portcullis.undertow.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PROTO-01: "The server MUST close the connection upon receiving a frame that is not masked. In this
 * case, a server MAY send a Close frame with a status code of 1002" (RFC 6455 §5.1), whatever the
 * frame's type, control frames included; CONTRACT §3 names 1002. Masked frames are unmasked with their
 * key, whatever it is (an all-zero key included).
 */
class MaskingConformanceIT {

  @RegisterExtension
  static final SharedEchoServer server = new SharedEchoServer();

  @RegisterExtension
  final ServerLog log = new ServerLog();

  @Test
  void case_8_1_unmaskedTextFrameClosesTheConnection1002AndIsNotEchoed() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("unmasked").unmasked());
      Expect.dropped(client, 1002);
    }
  }

  @Test
  void case_8_2_unmaskedBinaryFrameClosesTheConnection1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.binary(Frames.hex("00 01 02")).unmasked());
      Expect.dropped(client, 1002);
    }
  }

  @Test
  void case_8_3_unmaskedPingClosesTheConnection1002AndIsNotAnswered() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.ping(Frames.utf8("unmasked")).unmasked());
      Expect.dropped(client, 1002);
    }
  }

  @Test
  void case_8_4_unmaskedPongClosesTheConnection1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.pong(Frames.utf8("unmasked")).unmasked(), Frames.text("after"));
      Expect.dropped(client, 1002);
    }
  }

  @Test
  void case_8_5_unmaskedCloseClosesTheConnection1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(1000).unmasked());
      Expect.dropped(client, 1002);
    }
  }

  @Test
  void case_8_6_unmaskedContinuationOfAMaskedMessageClosesTheConnection1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("fragment1").more(), Frames.continuation(Frames.utf8("fragment2")).unmasked());
      Expect.dropped(client, 1002);
    }
  }

  @Test
  void case_8_7_unmaskedEmptyTextFrameClosesTheConnection1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("").unmasked());
      Expect.dropped(client, 1002);
    }
  }

  @ParameterizedTest(name = "8.8.{index} a text masked with key {0} is unmasked and echoed")
  @ValueSource(strings = {"00000000", "ffffffff", "01020304", "80808080"})
  void case_8_8_maskedTextIsUnmaskedWithItsKeyAndEchoed(String key) throws Exception {
    byte[] payload = Frames.utf8("masked with a chosen key: \u03ba\u1f79\u03c3\u03bc\u03b5");
    try (WireClient client = server.connect()) {
      client.send(Frames.text(payload).maskKey(Frames.hex(key)));
      Expect.text(client, payload);
      client.send(Frames.ping(Frames.utf8("p")).maskKey(Frames.hex(key)));
      Expect.pong(client, Frames.utf8("p"));
    }
  }
}
