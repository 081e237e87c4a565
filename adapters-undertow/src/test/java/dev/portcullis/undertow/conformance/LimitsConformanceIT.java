package dev.portcullis.undertow.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Autobahn group 9 at the edge of {@code WS_MAX_MESSAGE_SIZE} (SIZE-01..03, scaled to 64 KiB): a
 * message of exactly the limit is echoed, whole or fragmented, even when its fragments arrive one byte
 * per TCP write; one byte more closes {@code 1009 message_too_big} (CONTRACT §3, RFC 6455 §7.4.1),
 * whole or fragmented; a message that never ends is cut once it passes the limit or a fragment cap.
 */
class LimitsConformanceIT {

  private static final int MAX = EchoServer.MAX_MESSAGE_SIZE;

  @RegisterExtension
  static final SharedEchoServer server = new SharedEchoServer();

  @RegisterExtension
  final ServerLog log = new ServerLog();

  @Test
  void case_9_1_textOfExactlyTheLimitIsEchoed() throws Exception {
    byte[] payload = Frames.ascii(MAX);
    try (WireClient client = server.connect()) {
      client.send(Frames.text(payload));
      Expect.text(client, payload);
    }
  }

  @Test
  void case_9_2_textOneBytePastTheLimitCloses1009MessageTooBig() throws Exception {
    try (WireClient client = server.connect()) {
      client.writeInBackground(Frames.text(Frames.ascii(MAX + 1)).bytes());
      assertTooBig(Expect.closed(client, 1009));
    }
  }

  @Test
  void case_9_3_textOfExactlyTheLimitIn64FragmentsIsEchoed() throws Exception {
    byte[] payload = Frames.ascii(MAX);
    try (WireClient client = server.connect()) {
      client.write(fragmented(payload, 64));
      Expect.text(client, payload);
    }
  }

  @Test
  void case_9_4_textOneBytePastTheLimitIn65FragmentsCloses1009() throws Exception {
    try (WireClient client = server.connect()) {
      client.writeInBackground(fragmented(Frames.ascii(MAX + 1), 65));
      assertTooBig(Expect.closed(client, 1009));
    }
  }

  /** SIZE-02: the asynchronous read path must count every byte once, or this is refused at half the limit. */
  @Test
  void case_9_5_textOfExactlyTheLimitIn64FragmentsWrittenOneBytePerWriteIsEchoed() throws Exception {
    byte[] payload = Frames.ascii(MAX);
    try (WireClient client = server.connect()) {
      client.writeBytewise(fragmented(payload, 64), 1024);
      Expect.text(client, payload);
    }
  }

  @Test
  void case_9_6_textOneBytePastTheLimitWrittenOneBytePerWriteCloses1009() throws Exception {
    try (WireClient client = server.connect()) {
      byte[] wire = fragmented(Frames.ascii(MAX + 1), 64);
      client.writeBytewiseInBackground(wire, 1024);
      assertTooBig(Expect.closed(client, 1009));
    }
  }

  /** SIZE-03: small continuations forever are cut once their total passes the limit. */
  @Test
  void case_9_7_endlessContinuationFramesAreCut1009OnceTheyPassTheLimit() throws Exception {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(Frames.text(Frames.ascii(1024)).more().bytes());
    for (int i = 0; i < 4 * MAX / 1024; i++) {
      wire.writeBytes(Frames.continuation(Frames.ascii(1024)).more().bytes());
    }
    try (WireClient client = server.connect()) {
      client.writeInBackground(wire.toByteArray());
      assertTooBig(Expect.closed(client, 1009));
    }
  }

  /** SIZE-03: 100,000 empty continuation frames add no bytes, but must still be cut (1008 or 1009). */
  @Test
  void case_9_8_hundredThousandEmptyContinuationFramesAreCut() throws Exception {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(Frames.text("start").more().bytes());
    byte[] empty = Frames.continuation(new byte[0]).more().bytes();
    for (int i = 0; i < 100_000; i++) {
      wire.writeBytes(empty);
    }
    try (WireClient client = server.connect()) {
      client.writeInBackground(wire.toByteArray());
      Expect.closed(client, 1008, 1009);
    }
  }

  @Test
  void case_9_9_afterAnEchoAtTheLimitTheNextMessageOverItStillCloses1009() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text(Frames.ascii(MAX)));
      Expect.text(client, Frames.ascii(MAX));
      client.writeInBackground(Frames.text(Frames.ascii(MAX + 1)).bytes());
      assertTooBig(Expect.closed(client, 1009));
    }
  }

  private static void assertTooBig(WireClient.Closing closing) {
    assertThat(new String(closing.close().closeReason(), StandardCharsets.UTF_8)).as("close reason; %s", closing)
        .isEqualTo("message_too_big");
    assertThat(closing.closeAfter()).as("time to the close frame").isLessThan(Duration.ofSeconds(2));
  }

  /** {@code payload} as a text message in {@code count} fragments of (almost) equal size. */
  static byte[] fragmented(byte[] payload, int count) {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    int size = (payload.length + count - 1) / count;
    for (int i = 0, at = 0; i < count; i++, at += size) {
      byte[] part = java.util.Arrays.copyOfRange(payload, Math.min(at, payload.length), Math.min(at + size, payload.length));
      Frames.Frame frame = i == 0 ? Frames.text(part) : Frames.continuation(part);
      wire.writeBytes(frame.fin(i == count - 1).bytes());
    }
    return wire.toByteArray();
  }
}
