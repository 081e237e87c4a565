package dev.portcullis.undertow.conformance;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autobahn group 4 (PROTO-03): the reserved opcodes 0x3-0x7 (non-control) and 0xB-0xF (control) fail
 * the connection (RFC 6455 §5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail
 * the WebSocket Connection_"), answered {@code 1002}; what came before is still echoed, what comes
 * after is never answered.
 */
class OpcodesConformanceIT {

  @RegisterExtension
  static final SharedEchoServer server = new SharedEchoServer();

  @RegisterExtension
  final ServerLog log = new ServerLog();

  @ParameterizedTest(name = "4.{index} reserved opcode {0} with no payload closes 1002")
  @ValueSource(ints = {3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
  void case_4_1_reservedOpcodeWithoutPayloadCloses1002(int opcode) throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.frame(opcode, new byte[0]));
      Expect.closed(client, 1002);
    }
  }

  @ParameterizedTest(name = "4.{index} text, reserved opcode {0} with payload, ping: text echoed, then 1002, no pong")
  @ValueSource(ints = {3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
  void case_4_2_reservedOpcodeBetweenValidFramesEchoesTheTextThenCloses1002WithoutAPong(int opcode)
      throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("Hello"), Frames.frame(opcode, Frames.utf8("reserved")), Frames.ping(new byte[0]));
      Expect.text(client, "Hello");
      Expect.closed(client, 1002);
    }
  }
}
