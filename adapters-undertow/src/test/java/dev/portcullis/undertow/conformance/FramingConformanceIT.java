package dev.portcullis.undertow.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.undertow.conformance.Frames.Length;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autobahn group 1 (framing) and the length-field attacks of PROTO-08 and PROTO-09: text messages of
 * every length-encoding boundary are echoed byte for byte (RFC 6455 §5.2); binary messages are refused
 * with the {@code binary_not_allowed} error frame while binary is off (CONTRACT §3) and echoed when it
 * is on; a 64-bit length with its most significant bit set is a protocol error (§5.2: "the most
 * significant bit MUST be 0"), answered {@code 1002} at once and without an IO thread spinning; a
 * header declaring far more than {@code WS_MAX_MESSAGE_SIZE} is refused {@code 1009} as soon as it is
 * parsed (PROTO-09), and in any case once the limit is passed.
 */
class FramingConformanceIT {

  private static final Duration SPIN_WINDOW = Duration.ofMillis(200);

  /** The error frame of CONTRACT §3 for a refused binary message (it has no id to refer to). */
  private static final String BINARY_NOT_ALLOWED =
      "{\"type\":\"error\",\"code\":\"binary_not_allowed\",\"ref\":null,\"message\":\"An error occurred\"}";

  @RegisterExtension
  static final SharedEchoServer server = new SharedEchoServer();

  @RegisterExtension
  final ServerLog log = new ServerLog();

  static Stream<Arguments> boundaryLengths() {
    return Stream.of(
        Arguments.of(0, Length.BITS_7),
        Arguments.of(125, Length.BITS_7),
        Arguments.of(126, Length.BITS_16),
        Arguments.of(127, Length.BITS_16),
        Arguments.of(128, Length.BITS_16),
        Arguments.of(65535, Length.BITS_16),
        Arguments.of(65536, Length.BITS_64));
  }

  @ParameterizedTest(name = "1.1.{index} a text message of {0} bytes ({1} length) is echoed exactly")
  @MethodSource("boundaryLengths")
  void case_1_1_textMessageOfEachBoundaryLengthIsEchoed(int length, Length encoding) throws Exception {
    byte[] payload = Frames.ascii(length);
    Frames.Frame frame = Frames.text(payload);
    assertThat(Length.minimal(length)).isEqualTo(encoding);
    try (WireClient client = server.connect()) {
      client.send(frame.length(encoding));
      Expect.text(client, payload);
      client.send(Frames.close(1000));
      Expect.closed(client, 1000);
    }
  }

  @Test
  void case_1_1_8_textMessageOf65536BytesWrittenIn997ByteChopsIsEchoed() throws Exception {
    byte[] payload = Frames.ascii(65536);
    try (WireClient client = server.connect()) {
      client.writeChopped(Frames.text(payload).bytes(), 997, Duration.ZERO);
      Expect.text(client, payload);
    }
  }

  @Test
  void case_1_1_9_textMessagesOfEveryLengthEncodingOnOneConnectionAreEchoedInOrder() throws Exception {
    List<Integer> lengths = boundaryLengths().map(arguments -> (Integer) arguments.get()[0]).toList();
    try (WireClient client = server.connect()) {
      for (int length : lengths) {
        client.send(Frames.text(Frames.ascii(length)));
      }
      for (int length : lengths) {
        Expect.text(client, Frames.ascii(length));
      }
    }
  }

  /**
   * Binary is off by default (CONTRACT §3: "Binary frames are refused unless enabled"): the message is
   * never delivered nor echoed, it is answered with the {@code binary_not_allowed} error frame, and the
   * socket stays open for text. (The security catalogue's SIZE-04 asks for a {@code 1003} close instead;
   * the contract's error frame is what is asserted here.)
   */
  @ParameterizedTest(name = "1.2.{index} a binary message of {0} bytes ({1} length) is refused binary_not_allowed")
  @MethodSource("boundaryLengths")
  void case_1_2_binaryMessageOfEachBoundaryLengthIsRefusedWhileBinaryIsOff(int length, Length encoding)
      throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.binary(Frames.allByteValues(length)).length(encoding), Frames.text("after binary"));
      Expect.text(client, BINARY_NOT_ALLOWED);
      Expect.text(client, "after binary");
      client.send(Frames.close(1000));
      Expect.closed(client, 1000);
    }
  }

  /** With {@code WS_ALLOW_BINARY=true} a binary message is delivered and echoed byte for byte. */
  @ParameterizedTest(name = "1.2.{index} with binary on, a binary message of {0} bytes ({1} length) is echoed exactly")
  @MethodSource("boundaryLengths")
  void case_1_2_binaryMessageOfEachBoundaryLengthIsEchoedWhenBinaryIsOn(int length, Length encoding) throws Exception {
    byte[] payload = Frames.allByteValues(length);
    try (EchoServer binary = EchoServer.start(b -> b.allowBinary(true)); WireClient client = binary.connect()) {
      client.send(Frames.binary(payload).length(encoding));
      Expect.message(client, Frames.BINARY, payload);
      client.send(Frames.close(1000));
      Expect.closed(client, 1000);
    }
  }

  /**
   * PROTO-08, Tomcat CVE-2020-13935: a 64-bit length with its most significant bit set is refused once
   * the header is read, and must not wrap into a negative length that loops or desynchronises the
   * stream. Only the header is sent (all-zero mask key), so no later byte can be mistaken for a header.
   */
  @ParameterizedTest(name = "1.3.{index} a 64-bit length of 0x{0} (MSB set) closes 1002 at once, IO threads idle")
  @ValueSource(strings = {"8000000000000000", "8000000000000005", "FFFFFFFFFFFFFFFF", "FFFFFFFFFFFFFF80"})
  void case_1_3_64BitLengthWithTheMostSignificantBitSetCloses1002WithoutSpinning(String hexLength)
      throws Exception {
    long declared = Long.parseUnsignedLong(hexLength, 16);
    try (WireClient client = server.connect()) {
      client.write(Frames.text(new byte[0]).maskKey(new byte[4]).declaredLength(declared).header());
      WireClient.Closing closing = client.awaitClose();
      Expect.closed(closing, 1002);
      assertIoThreadsStayIdle();
      assertThat(closing.closeAfter()).as("time to the close frame").isLessThan(Duration.ofSeconds(1));
    }
    assertServerStillEchoes();
  }

  /**
   * PROTO-08: a negative length is not taken as a size that lets what follows through. The six bytes
   * after the header are themselves an empty masked ping, so a server that reads them as the next frame
   * answers a pong, and one that skips them echoes the text after; either fails this case.
   */
  @Test
  void case_1_3_5_negative64BitLengthDoesNotLetTheNextFramesThrough() throws Exception {
    byte[] emptyPing = Frames.hex("89 80 00 00 00 00");
    try (WireClient client = server.connect()) {
      client.send(Frames.text(emptyPing).maskKey(new byte[4]).declaredLength(0x8000000000000000L | emptyPing.length),
          Frames.text("next"));
      Expect.closed(client, 1002);
    }
  }

  /**
   * PROTO-09: a frame declaring 2^40 bytes is refused 1009 once its header is parsed, while only a
   * few hundred bytes have trickled in; nothing near the declared size is ever allocated.
   */
  @Test
  void case_1_3_6_headerDeclaring2Pow40BytesThenTricklingIsRefused1009AtTheHeader() throws Exception {
    try (WireClient client = server.connect()) {
      Frames.Frame huge = Frames.text(new byte[0]).maskKey(new byte[4]).declaredLength(1L << 40);
      client.write(huge.header());
      CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
        try {
          for (int i = 0; i < 40; i++) { // at most 2,560 bytes, well under the 64 KiB limit
            client.write(Frames.ascii(64));
            Thread.sleep(50);
          }
        } catch (java.io.IOException e) {
          // the server closed: what this case waits for
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      WireClient.Closing closing = Expect.closed(client, 1009);
      trickle.cancel(true);
      assertThat(closing.closeAfter()).as("time to the close frame").isLessThan(Duration.ofSeconds(1));
      assertIoThreadsStayIdle();
    }
    assertServerStillEchoes();
  }

  /** PROTO-09, the weaker half: the same header fed quickly is cut 1009 once the limit is passed. */
  @Test
  void case_1_3_7_headerDeclaring2Pow40BytesIsRefused1009OnceTheLimitIsPassed() throws Exception {
    try (WireClient client = server.connect()) {
      Frames.Frame huge = Frames.text(new byte[0]).maskKey(new byte[4]).declaredLength(1L << 40);
      client.writeInBackground(Frames.concat(huge.header(), Frames.ascii(4 * EchoServer.MAX_MESSAGE_SIZE)));
      Expect.closed(client, 1009);
    }
    assertServerStillEchoes();
  }

  private static void assertServerStillEchoes() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("still here"));
      Expect.text(client, "still here");
    }
  }

  /**
   * A parser that loops on a bad length keeps an IO thread busy after the close: measure the IO
   * threads' CPU over a fixed window afterwards (a window of a few milliseconds around the close itself
   * is too short to tell a spin from the close's own work).
   */
  private static void assertIoThreadsStayIdle() throws InterruptedException {
    long before = EchoServer.xnioCpuNanos();
    Thread.sleep(SPIN_WINDOW.toMillis());
    long used = EchoServer.xnioCpuNanos() - before;
    assertThat(used).as("IO thread CPU ns in the %d ms after the close", SPIN_WINDOW.toMillis())
        .isLessThan(SPIN_WINDOW.toNanos() / 4);
  }
}
