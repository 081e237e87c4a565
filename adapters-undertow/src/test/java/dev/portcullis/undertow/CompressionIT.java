package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code permessage-deflate} (RFC 7692, COMP-01, COMP-02): never negotiated unless
 * {@code WS_COMPRESSION=true}; when it is, messages travel compressed both ways, and a message that
 * inflates past {@code WS_MAX_MESSAGE_SIZE} (64 KiB here) closes {@code 1009 message_too_big} after
 * inflating little more than the bound: real deflate streams from {@link Deflater}, over a raw socket.
 */
class CompressionIT {

  private static final int MAX = 64 * 1024;
  private static final String OFFER = "permessage-deflate; client_max_window_bits";
  /** RSV1 on the first frame of a message marks it compressed (RFC 7692 §6). */
  private static final int RSV1 = 0x40;
  private static TestServer compressing;

  @BeforeAll
  static void startServer() {
    compressing = TestServer.start(b -> b.compression(true).maxMessageSize(MAX));
  }

  @AfterAll
  static void stopServer() {
    compressing.close();
  }

  @BeforeEach
  void startClean() {
    compressing.handler.clear();
  }

  @Test
  void negotiatesNoExtensionByDefaultWhateverTheClientOffers() throws Exception {
    try (TestServer plain = TestServer.start(b -> b);
        RawWebSocket ws = RawWebSocket.open(plain.port(),
            RawHttp.upgrade(plain.path()).header("Sec-WebSocket-Extensions", OFFER))) {
      assertThat(ws.handshake().status()).isEqualTo(101);
      assertThat(ws.handshake().headers()).doesNotContainKey("sec-websocket-extensions");
    }
  }

  @Test
  void negotiatesPermessageDeflateWithoutServerContextTakeoverWhenEnabled() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(compressing.port(),
        RawHttp.upgrade(compressing.path()).header("Sec-WebSocket-Extensions", OFFER))) {
      assertThat(ws.handshake().headers().get("sec-websocket-extensions"))
          .containsExactly("permessage-deflate; server_no_context_takeover");
    }
  }

  @Test
  void declinesAnOfferItCannotHonourAndOpensUncompressed() throws Exception {
    for (String offer : new String[] {"permessage-deflate; server_max_window_bits=10",
        "permessage-deflate; mystery_parameter", "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
        "permessage-deflate; client_max_window_bits=7"}) {
      try (RawWebSocket ws = RawWebSocket.open(compressing.port(),
          RawHttp.upgrade(compressing.path()).header("Sec-WebSocket-Extensions", offer))) {
        assertThat(ws.handshake().status()).as(offer).isEqualTo(101);
        assertThat(ws.handshake().headers()).as(offer).doesNotContainKey("sec-websocket-extensions");
      }
    }
  }

  @Test
  void echoesACompressedMessageCompressed() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(compressing.port(),
        RawHttp.upgrade(compressing.path()).header("Sec-WebSocket-Extensions", OFFER))) {
      String text = "compress me ".repeat(500);
      ws.sendFrame(true, RSV1 | RawWebSocket.TEXT, deflateMessage(text.getBytes(StandardCharsets.UTF_8)));

      RawWebSocket.Frame echo = ws.readUntil(RawWebSocket.TEXT);
      assertThat(echo.rsv1()).isTrue();
      assertThat(echo.payload().length).isLessThan(text.length() / 10);
      assertThat(new String(inflateMessage(echo.payload()), StandardCharsets.UTF_8)).isEqualTo(text);
    }
  }

  @Test
  void closes1009AtOnceOnATenKilobyteFrameThatInflatesToTenMegabytes() throws Exception {
    byte[] bomb = deflatedZeros(10 * 1024); // about 10 MB once inflated
    long allocatedBefore = ioThreadAllocatedBytes();
    try (RawWebSocket ws = RawWebSocket.open(compressing.port(),
        RawHttp.upgrade(compressing.path()).header("Sec-WebSocket-Extensions", OFFER))) {
      long start = System.nanoTime();
      ws.sendFrame(true, RSV1 | RawWebSocket.TEXT, bomb);
      RawWebSocket.Frame close = ws.readUntilClose();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(close.closeCode()).isEqualTo(1009);
      assertThat(close.closeReason()).isEqualTo("message_too_big");
      assertThat(took).isLessThan(Duration.ofSeconds(2));
    }
    assertThat(ioThreadAllocatedBytes() - allocatedBefore).as("bytes the IO threads allocated")
        .isLessThan(4L * 1024 * 1024);
    assertThat(compressing.handler.received).isEmpty();
  }

  @Test
  void stopsInflatingAGigabyteStreamOfFragmentsAtTheBound() throws Exception {
    long allocatedBefore = ioThreadAllocatedBytes();
    try (RawWebSocket ws = RawWebSocket.open(compressing.port(),
        RawHttp.upgrade(compressing.path()).header("Sec-WebSocket-Extensions", OFFER))) {
      ws.socket().setSoTimeout(100);
      Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
      byte[] zeros = new byte[1 << 20];
      byte[] out = new byte[64 * 1024];
      long start = System.nanoTime();
      RawWebSocket.Frame close = null;
      for (int mb = 0; mb < 1024 && close == null; mb++) { // 1 GiB of zeros, one MiB per fragment
        deflater.setInput(zeros);
        int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        int opcode = mb == 0 ? RSV1 | RawWebSocket.TEXT : RawWebSocket.CONTINUATION;
        try {
          ws.sendFrame(false, opcode, Arrays.copyOf(out, n));
          close = ws.readFrame();
        } catch (java.net.SocketTimeoutException stillOpen) {
          // nothing yet: send the next fragment
        } catch (java.io.IOException closed) {
          break; // the server closed TCP after its close frame was read elsewhere
        }
      }
      ws.socket().setSoTimeout(5000);
      if (close == null) {
        close = ws.readUntilClose();
      }
      deflater.end();
      assertThat(close.closeCode()).isEqualTo(1009);
      assertThat(close.closeReason()).isEqualTo("message_too_big");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
    assertThat(ioThreadAllocatedBytes() - allocatedBefore).as("bytes the IO threads allocated")
        .isLessThan(8L * 1024 * 1024);
  }

  /** {@code bytes} compressed as one permessage-deflate message: raw deflate, sync-flushed, tail removed (§7.2.1). */
  static byte[] deflateMessage(byte[] bytes) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(bytes);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length);
    deflater.end();
    byte[] all = out.toByteArray();
    return Arrays.copyOf(all, all.length - 4);
  }

  /** The inverse of {@link #deflateMessage}: appends the tail and inflates. */
  static byte[] inflateMessage(byte[] payload) throws Exception {
    Inflater inflater = new Inflater(true);
    byte[] input = Arrays.copyOf(payload, payload.length + 4);
    input[input.length - 2] = (byte) 0xFF;
    input[input.length - 1] = (byte) 0xFF;
    inflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (!inflater.needsInput()) {
      out.write(buffer, 0, inflater.inflate(buffer));
    }
    inflater.end();
    return out.toByteArray();
  }

  /** At least {@code size} bytes of raw deflate data that inflate to zeros (about a thousand times as many). */
  static byte[] deflatedZeros(int size) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    byte[] zeros = new byte[1 << 20];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (out.size() < size) {
      deflater.setInput(zeros);
      while (!deflater.needsInput()) {
        out.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH));
      }
    }
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length);
    deflater.end();
    return out.toByteArray();
  }

  /** Bytes allocated so far by Undertow's XNIO threads, IO threads included (HotSpot's thread MXBean). */
  static long ioThreadAllocatedBytes() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("XNIO")) {
        total += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
      }
    }
    return total;
  }
}
