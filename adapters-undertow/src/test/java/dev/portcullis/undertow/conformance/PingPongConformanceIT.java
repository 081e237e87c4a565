package dev.portcullis.undertow.conformance;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Autobahn group 2 (pings and pongs, PROTO-04): a ping is answered by a pong with the same application
 * data (RFC 6455 §5.5.2, §5.5.3), however it was written; a control frame over 125 bytes is a protocol
 * error, answered {@code 1002} and never by a pong (§5.5); an unsolicited pong is ignored (§5.5.3).
 */
class PingPongConformanceIT {

  @RegisterExtension
  static final SharedEchoServer server = new SharedEchoServer();

  @RegisterExtension
  final ServerLog log = new ServerLog();

  @Test
  void case_2_1_pingWithoutPayloadIsAnsweredByAnEmptyPong() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.ping(new byte[0]));
      Expect.pong(client, new byte[0]);
      client.send(Frames.close(1000));
      Expect.closed(client, 1000);
    }
  }

  @Test
  void case_2_2_pingWithTextPayloadIsAnsweredWithTheSamePayload() throws Exception {
    byte[] payload = Frames.utf8("Hello, world!");
    try (WireClient client = server.connect()) {
      client.send(Frames.ping(payload));
      Expect.pong(client, payload);
    }
  }

  @Test
  void case_2_3_pingWithBinaryPayloadIsAnsweredWithExactlyTheSameBytes() throws Exception {
    byte[] payload = Frames.hex("00 ff fe fd fc fb 00 ff 80 81 c0 c1 f5 f8");
    try (WireClient client = server.connect()) {
      client.send(Frames.ping(payload));
      Expect.pong(client, payload);
    }
  }

  @Test
  void case_2_4_pingWith125BytePayloadIsAnsweredWithTheSamePayload() throws Exception {
    byte[] payload = Frames.allByteValues(125);
    try (WireClient client = server.connect()) {
      client.send(Frames.ping(payload));
      Expect.pong(client, payload);
    }
  }

  @Test
  void case_2_5_pingWith126BytePayloadCloses1002AndIsNotAnswered() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.ping(Frames.allByteValues(126)));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_2_5_2_pingDeclaringOneMegabyteCloses1002AndIsNotAnswered() throws Exception {
    try (WireClient client = server.connect()) {
      client.writeInBackground(Frames.ping(new byte[1024 * 1024]).bytes());
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_2_6_pingWith125BytesWrittenOneBytePerWriteIsAnswered() throws Exception {
    byte[] payload = Frames.allByteValues(125);
    try (WireClient client = server.connect()) {
      client.writeBytewise(Frames.ping(payload).bytes(), 16);
      Expect.pong(client, payload);
    }
  }

  @Test
  void case_2_7_unsolicitedEmptyPongIsIgnored() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.pong(new byte[0]), Frames.text("after the pong"));
      Expect.text(client, "after the pong");
      client.send(Frames.close(1000));
      Expect.closed(client, 1000);
    }
  }

  @Test
  void case_2_8_unsolicitedPongWith125BytePayloadIsIgnored() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.pong(Frames.allByteValues(125)), Frames.text("after the pong"));
      Expect.text(client, "after the pong");
    }
  }

  @Test
  void case_2_9_unsolicitedPongThenPingIsAnsweredWithThePingsPayload() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.pong(Frames.utf8("unsolicited")), Frames.ping(Frames.utf8("solicited")));
      Expect.pong(client, Frames.utf8("solicited"));
    }
  }

  @Test
  void case_2_10_tenPingsInOneWriteAreAnsweredByTenPongsInOrder() throws Exception {
    Frames.Frame[] pings = new Frames.Frame[10];
    for (int i = 0; i < pings.length; i++) {
      pings[i] = Frames.ping(Frames.utf8("payload-" + i));
    }
    try (WireClient client = server.connect()) {
      client.send(pings);
      for (int i = 0; i < pings.length; i++) {
        Expect.pong(client, Frames.utf8("payload-" + i));
      }
    }
  }

  @Test
  void case_2_11_tenPingsWrittenOneBytePerWriteAreAnsweredByTenPongsInOrder() throws Exception {
    byte[] all = new byte[0];
    for (int i = 0; i < 10; i++) {
      all = Frames.concat(all, Frames.ping(Frames.utf8("payload-" + i)).bytes());
    }
    try (WireClient client = server.connect()) {
      client.writeBytewise(all, 8);
      for (int i = 0; i < 10; i++) {
        Expect.pong(client, Frames.utf8("payload-" + i));
      }
    }
  }

  @Test
  void case_2_12_pingsSentWithPausesAreEachAnswered() throws Exception {
    try (WireClient client = server.connect()) {
      client.sendEach(Duration.ofMillis(20), Frames.ping(Frames.utf8("a")), Frames.ping(Frames.utf8("b")),
          Frames.ping(Frames.utf8("c")));
      Expect.pong(client, Frames.utf8("a"));
      Expect.pong(client, Frames.utf8("b"));
      Expect.pong(client, Frames.utf8("c"));
    }
  }
}
