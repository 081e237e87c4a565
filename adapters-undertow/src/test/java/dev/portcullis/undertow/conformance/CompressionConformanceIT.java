package dev.portcullis.undertow.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Autobahn groups 12/13 in miniature, and COMP-01..04: permessage-deflate (RFC 7692) is offered only
 * when {@code WS_COMPRESSION=true}; a compressed message is inflated and echoed; RSV1 belongs on the
 * first frame of a message only (§6.1) and never on a control frame; inflating stops at
 * {@code WS_MAX_MESSAGE_SIZE} of decompressed bytes with {@code 1009} (CONTRACT §1, §3), fast; a corrupt
 * deflate stream fails the connection ({@code 1002} or {@code 1007}) without an exception escaping.
 * The client compresses each message afresh (no context takeover on its side, always allowed).
 */
class CompressionConformanceIT {

  private static final String OFFER = "permessage-deflate; client_max_window_bits";
  private static EchoServer server;
  private static EchoServer plain;

  @RegisterExtension
  final ServerLog log = new ServerLog();

  @BeforeAll
  static void startServers() {
    server = EchoServer.start(b -> b.compression(true));
    plain = EchoServer.start();
  }

  @AfterAll
  static void stopServers() {
    server.close();
    plain.close();
  }

  @Test
  void case_10_0_1_compressionIsNotNegotiatedWhenItIsOff() throws Exception {
    try (WireClient client = WireClient.connect(plain.port(), plain.path(), Map.of("Sec-WebSocket-Extensions", OFFER))) {
      assertThat(client.header("Sec-WebSocket-Extensions")).isNull();
      client.send(Frames.text("plain"));
      Expect.text(client, "plain");
    }
  }

  @Test
  void case_10_0_2_compressionIsNegotiatedWhenItIsOn() throws Exception {
    try (WireClient client = connectCompressed()) {
      assertThat(client.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
    }
  }

  @Test
  void case_10_1_1_compressedTextIsInflatedAndEchoed() throws Exception {
    byte[] text = Frames.utf8("Hello, compressed world! ".repeat(40));
    try (WireClient client = connectCompressed()) {
      client.send(Frames.text(deflate(text)).rsv(Frames.RSV1));
      Expect.text(client, text);
      client.send(Frames.close(1000));
      Expect.closed(client, 1000);
    }
  }

  @Test
  void case_10_1_2_compressedTextInThreeFragmentsWithRsv1OnTheFirstOnlyIsEchoed() throws Exception {
    byte[] text = Frames.utf8("fragmented and compressed \u03ba\u1f79\u03c3\u03bc\u03b5 ".repeat(50));
    byte[] compressed = deflate(text);
    int third = compressed.length / 3;
    try (WireClient client = connectCompressed()) {
      client.send(Frames.text(Arrays.copyOfRange(compressed, 0, third)).rsv(Frames.RSV1).more(),
          Frames.continuation(Arrays.copyOfRange(compressed, third, 2 * third)).more(),
          Frames.continuation(Arrays.copyOfRange(compressed, 2 * third, compressed.length)));
      Expect.text(client, text);
    }
  }

  @Test
  void case_10_1_3_uncompressedTextOnACompressedConnectionIsEchoed() throws Exception {
    try (WireClient client = connectCompressed()) {
      client.send(Frames.text("not compressed"));
      Expect.text(client, "not compressed");
    }
  }

  @Test
  void case_10_2_1_rsv1OnAContinuationFrameCloses1002() throws Exception {
    byte[] compressed = deflate(Frames.utf8("fragment1fragment2"));
    try (WireClient client = connectCompressed()) {
      client.send(Frames.text(Arrays.copyOfRange(compressed, 0, 4)).rsv(Frames.RSV1).more(),
          Frames.continuation(Arrays.copyOfRange(compressed, 4, compressed.length)).rsv(Frames.RSV1));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_10_2_2_rsv1OnAPingCloses1002() throws Exception {
    try (WireClient client = connectCompressed()) {
      client.send(Frames.ping(deflate(Frames.utf8("ping"))).rsv(Frames.RSV1));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_10_2_3_rsv2OnACompressedConnectionStillCloses1002() throws Exception {
    try (WireClient client = connectCompressed()) {
      client.send(Frames.text(deflate(Frames.utf8("rsv2"))).rsv(Frames.RSV1 | Frames.RSV2));
      Expect.closed(client, 1002);
    }
  }

  /** COMP-02: about 10 KB on the wire inflating to 10 MB is cut at 64 KiB decompressed, fast. */
  @Test
  void case_10_3_1_compressionBombInOneFrameCloses1009Fast() throws Exception {
    byte[] bomb = deflate(new byte[10 * 1024 * 1024]);
    assertThat(bomb.length).isLessThan(EchoServer.MAX_MESSAGE_SIZE);
    try (WireClient client = connectCompressed()) {
      client.writeInBackground(Frames.text(bomb).rsv(Frames.RSV1).bytes());
      WireClient.Closing closing = Expect.closed(client, 1009);
      assertThat(closing.closeAfter()).isLessThan(Duration.ofSeconds(1));
    }
  }

  /** COMP-02: 100 MB of zeros in ten compressed fragments of ~10 KB each, one deflate stream. */
  @Test
  void case_10_3_2_compressionBombAcrossFragmentsCloses1009Fast() throws Exception {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    byte[] tenMegabytes = new byte[10 * 1024 * 1024];
    for (int i = 0; i < 10; i++) {
      byte[] part = flush(deflater, tenMegabytes, i == 9);
      Frames.Frame frame = i == 0 ? Frames.text(part).rsv(Frames.RSV1) : Frames.continuation(part);
      wire.writeBytes(frame.fin(i == 9).bytes());
    }
    deflater.end();
    try (WireClient client = connectCompressed()) {
      client.writeInBackground(wire.toByteArray());
      WireClient.Closing closing = Expect.closed(client, 1009);
      assertThat(closing.closeAfter()).isLessThan(Duration.ofSeconds(1));
    }
  }

  /** COMP-04: a reserved block type (BTYPE=11) in the deflate stream. */
  @Test
  void case_10_4_1_corruptDeflateDataFailsTheConnection() throws Exception {
    try (WireClient client = connectCompressed()) {
      client.send(Frames.text(Frames.hex("ff ff ff ff ff ff ff ff")).rsv(Frames.RSV1));
      Expect.closed(client, 1002, 1007);
    }
    try (WireClient client = connectCompressed()) {
      client.send(Frames.text("still here"));
      Expect.text(client, "still here");
    }
  }

  /** COMP-04: a valid deflate stream of bytes that are not UTF-8. */
  @Test
  void case_10_4_2_compressedInvalidUtf8Closes1007() throws Exception {
    try (WireClient client = connectCompressed()) {
      client.send(Frames.text(deflate(Frames.hex("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64"))).rsv(Frames.RSV1));
      Expect.closed(client, 1007);
    }
  }

  private static WireClient connectCompressed() throws Exception {
    WireClient client = WireClient.connect(server.port(), server.path(), Map.of("Sec-WebSocket-Extensions", OFFER));
    String accepted = client.header("Sec-WebSocket-Extensions");
    if (accepted == null || !accepted.toLowerCase(Locale.ROOT).startsWith("permessage-deflate")) {
      client.close();
      throw new AssertionError("WS_COMPRESSION=true but permessage-deflate was not negotiated (response extensions: "
          + accepted + ")");
    }
    client.inflateServerMessages(accepted.toLowerCase(Locale.ROOT).contains("server_no_context_takeover"));
    return client;
  }

  /** One message compressed on its own, as RFC 7692 §7.2.1 says: sync-flushed, the final 00 00 ff ff removed. */
  static byte[] deflate(byte[] message) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      return flush(deflater, message, true);
    } finally {
      deflater.end();
    }
  }

  private static byte[] flush(Deflater deflater, byte[] input, boolean last) {
    deflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length || !deflater.needsInput());
    byte[] bytes = out.toByteArray();
    if (last && bytes.length >= 4) {
      return Arrays.copyOf(bytes, bytes.length - 4); // the 00 00 ff ff of the final sync flush
    }
    return bytes;
  }
}
