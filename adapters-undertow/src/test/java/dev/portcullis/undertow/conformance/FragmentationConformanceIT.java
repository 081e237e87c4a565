package dev.portcullis.undertow.conformance;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Autobahn group 5 (PROTO-05, PROTO-06, PROTO-07): a fragmented text message is reassembled and echoed
 * whole, however its fragments arrive, with control frames answered in between (RFC 6455 §5.4); a
 * control frame may not be fragmented (§5.5), a continuation needs a message to continue and a new
 * message may not start inside an open one (§5.4): each of these closes {@code 1002}.
 */
class FragmentationConformanceIT {

  @RegisterExtension
  static final SharedEchoServer server = new SharedEchoServer();

  @RegisterExtension
  final ServerLog log = new ServerLog();

  @Test
  void case_5_1_pingInTwoFragmentsCloses1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.ping(Frames.utf8("frag1")).more(), Frames.continuation(Frames.utf8("frag2")));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_5_2_pongInTwoFragmentsCloses1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.pong(Frames.utf8("frag1")).more(), Frames.continuation(Frames.utf8("frag2")));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_5_2_2_fragmentedPingAloneCloses1002WithoutAPong() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.ping(Frames.utf8("never whole")).more());
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_5_2_3_closeInTwoFragmentsCloses1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(Frames.closePayload(1000, Frames.utf8("fr"))).more(),
          Frames.continuation(Frames.utf8("agment")));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_5_3_textInTwoFragmentsIsReassembledAndEchoed() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("fragment1").more(), Frames.continuation(Frames.utf8("fragment2")));
      Expect.text(client, "fragment1fragment2");
      client.send(Frames.close(1000));
      Expect.closed(client, 1000);
    }
  }

  @Test
  void case_5_4_textInTwoFragmentsWrittenSeparatelyWithAPauseIsEchoed() throws Exception {
    try (WireClient client = server.connect()) {
      client.sendEach(Duration.ofMillis(100), Frames.text("fragment1").more(), Frames.continuation(Frames.utf8("fragment2")));
      Expect.text(client, "fragment1fragment2");
    }
  }

  @Test
  void case_5_5_textInTwoFragmentsWrittenOneBytePerWriteIsEchoed() throws Exception {
    byte[] wire = Frames.concat(Frames.text("fragment1").more().bytes(), Frames.continuation(Frames.utf8("fragment2")).bytes());
    try (WireClient client = server.connect()) {
      client.writeBytewise(wire, 4);
      Expect.text(client, "fragment1fragment2");
    }
  }

  @Test
  void case_5_6_pingBetweenTwoFragmentsIsAnsweredAndTheMessageReassembled() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("fragment1").more(), Frames.ping(Frames.utf8("between")),
          Frames.continuation(Frames.utf8("fragment2")));
      Expect.pong(client, Frames.utf8("between"));
      Expect.text(client, "fragment1fragment2");
    }
  }

  @Test
  void case_5_7_pingBetweenFragmentsAllWrittenOneBytePerWriteIsAnsweredAndTheMessageReassembled() throws Exception {
    byte[] wire = Frames.concat(Frames.text("fragment1").more().bytes(), Frames.ping(Frames.utf8("between")).bytes(),
        Frames.continuation(Frames.utf8("fragment2")).bytes());
    try (WireClient client = server.connect()) {
      client.writeBytewise(wire, 4);
      Expect.pong(client, Frames.utf8("between"));
      Expect.text(client, "fragment1fragment2");
    }
  }

  @Test
  void case_5_8_pongBetweenFragmentsIsIgnoredAndTheMessageReassembled() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("fragment1").more(), Frames.pong(Frames.utf8("unsolicited")),
          Frames.continuation(Frames.utf8("fragment2")));
      Expect.text(client, "fragment1fragment2");
    }
  }

  @Test
  void case_5_9_finalContinuationWithoutAStartedMessageCloses1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.continuation(Frames.utf8("orphan")), Frames.text("Hello"));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_5_10_finalContinuationWrittenOneBytePerWriteCloses1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.writeBytewiseInBackground(Frames.continuation(Frames.utf8("orphan")).bytes(), 2);
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_5_12_nonFinalContinuationWithoutAStartedMessageCloses1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.continuation(Frames.utf8("orphan")).more(), Frames.continuation(Frames.utf8("orphan end")));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_5_15_completeFragmentedMessageIsEchoedThenAnOrphanContinuationCloses1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("fragment1").more(), Frames.continuation(Frames.utf8("fragment2")),
          Frames.continuation(Frames.utf8("fragment3")).more(), Frames.text("fragment4"));
      Expect.text(client, "fragment1fragment2");
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_5_18_newTextFrameWhileAFragmentedMessageIsOpenCloses1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("fragment1").more(), Frames.text("fragment2"));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_5_18_2_newBinaryFrameWhileAFragmentedTextIsOpenCloses1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("fragment1").more(), Frames.binary(Frames.hex("0102")));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_5_19_textInFiveFragmentsWithPingsAndPausesBetweenIsAnsweredAndEchoed() throws Exception {
    try (WireClient client = server.connect()) {
      client.sendEach(Duration.ofMillis(50),
          Frames.text("fragment1").more(), Frames.continuation(Frames.utf8("fragment2")).more(),
          Frames.ping(Frames.utf8("pongme 1!")),
          Frames.continuation(Frames.utf8("fragment3")).more(), Frames.continuation(Frames.utf8("fragment4")).more(),
          Frames.ping(Frames.utf8("pongme 2!")),
          Frames.continuation(Frames.utf8("fragment5")));
      Expect.pong(client, Frames.utf8("pongme 1!"));
      Expect.pong(client, Frames.utf8("pongme 2!"));
      Expect.text(client, "fragment1fragment2fragment3fragment4fragment5");
    }
  }

  @Test
  void case_5_21_textInTwoHundredFragmentsIsReassembledAndEchoed() throws Exception {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    StringBuilder whole = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      String part = "[" + i + "]";
      whole.append(part);
      Frames.Frame frame = i == 0 ? Frames.text(part) : Frames.continuation(Frames.utf8(part));
      wire.writeBytes(frame.fin(i == 199).bytes());
    }
    try (WireClient client = server.connect()) {
      client.write(wire.toByteArray());
      Expect.text(client, whole.toString());
    }
  }

  @Test
  void case_5_22_fragmentsWithEmptyFirstMiddleAndLastAreReassembledAndEchoed() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("").more(), Frames.continuation(Frames.utf8("middle")).more(),
          Frames.continuation(new byte[0]).more(), Frames.continuation(new byte[0]));
      Expect.text(client, "middle");
      client.send(Frames.text("").more(), Frames.continuation(new byte[0]));
      Expect.text(client, "");
    }
  }

  @Test
  void case_5_23_fragmentsWrittenOneBytePerWriteWithPausesAcrossManyFramesAreReassembled() throws Exception {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    StringBuilder whole = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      String part = "part-" + i + "-" + "x".repeat(i * 5);
      whole.append(part);
      Frames.Frame frame = i == 0 ? Frames.text(part) : Frames.continuation(Frames.utf8(part));
      wire.writeBytes(frame.fin(i == 19).bytes());
    }
    try (WireClient client = server.connect()) {
      client.writeBytewise(wire.toByteArray(), 32);
      Expect.text(client, whole.toString());
    }
  }
}
