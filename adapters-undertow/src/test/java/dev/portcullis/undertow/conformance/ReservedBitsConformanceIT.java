package dev.portcullis.undertow.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Autobahn group 3 (PROTO-02): with no extension negotiated, a frame with any of RSV1, RSV2, RSV3 set
 * fails the connection (RFC 6455 §5.2: "If a nonzero value is received and none of the negotiated
 * extensions defines the meaning of such a nonzero value, the receiving endpoint MUST _Fail the
 * WebSocket Connection_"), answered {@code 1002} (§7.4.1), whatever the frame's type.
 */
class ReservedBitsConformanceIT {

  @RegisterExtension
  static final SharedEchoServer server = new SharedEchoServer();

  @RegisterExtension
  final ServerLog log = new ServerLog();

  static Stream<Arguments> framesWithReservedBits() {
    List<Arguments> cases = new ArrayList<>();
    String[] names = {"text", "binary", "ping"};
    Frames.Frame[] frames = {Frames.text("Hello"), Frames.binary(Frames.hex("00 ff 10")), Frames.ping(Frames.utf8("ping"))};
    for (int f = 0; f < frames.length; f++) {
      for (int rsv = 1; rsv <= 7; rsv++) {
        cases.add(Arguments.of(names[f], rsv, frames[f]));
      }
    }
    cases.add(Arguments.of("pong", Frames.RSV1, Frames.pong(Frames.utf8("pong"))));
    cases.add(Arguments.of("close 1000", 7, Frames.close(1000)));
    cases.add(Arguments.of("close 1000", Frames.RSV1, Frames.close(1000)));
    cases.add(Arguments.of("empty text", Frames.RSV1, Frames.text("")));
    return cases.stream();
  }

  @ParameterizedTest(name = "3.1.{index} {0} with RSV={1} (binary {1}) closes 1002, never echoed")
  @MethodSource("framesWithReservedBits")
  void case_3_1_frameWithReservedBitsClosesWith1002(String kind, int rsv, Frames.Frame frame) throws Exception {
    try (WireClient client = server.connect()) {
      client.send(frame.rsv(rsv));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_3_2_validTextIsEchoedThenTextWithRsv2Closes1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("Hello"));
      Expect.text(client, "Hello");
      client.send(Frames.text("Hello").rsv(Frames.RSV2));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_3_3_validTextThenRsv3TextThenPingInOneWriteEchoesTheFirstAndAnswersNothingElse() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("Hello"), Frames.text("Hello").rsv(Frames.RSV2 | Frames.RSV3), Frames.ping(new byte[0]));
      Expect.text(client, "Hello");
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_3_4_rsv1TextWrittenOneBytePerWriteCloses1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.writeBytewiseInBackground(Frames.text("Hello, chopped").rsv(Frames.RSV1).bytes(), 4);
      Expect.closed(client, 1002);
    }
  }
}
