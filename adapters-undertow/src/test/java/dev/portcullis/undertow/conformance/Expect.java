package dev.portcullis.undertow.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;

/**
 * The assertions every case ends with, stated as RFC 6455 states them: what the server echoes, which
 * close code it sends, and that the server closes TCP afterwards and releases the connection. Stateless.
 */
final class Expect {

  private Expect() {}

  /** The next thing the server says is a text message of exactly {@code payload}. */
  static void text(WireClient client, byte[] payload) throws IOException {
    message(client, Frames.TEXT, payload);
  }

  static void text(WireClient client, String text) throws IOException {
    text(client, Frames.utf8(text));
  }

  /** The next thing the server says is a pong carrying exactly {@code payload} (RFC 6455 §5.5.3). */
  static void pong(WireClient client, byte[] payload) throws IOException {
    message(client, Frames.PONG, payload);
  }

  static void message(WireClient client, int opcode, byte[] payload) throws IOException {
    WireClient.Received received = client.next();
    assertThat(received.opcode()).as("opcode of %s", received).isEqualTo(opcode);
    if (!Arrays.equals(received.payload(), payload)) {
      throw new AssertionError("expected " + payload.length + " bytes echoed exactly, got " + received.payload().length
          + " bytes" + firstDifference(payload, received.payload()));
    }
  }

  private static String firstDifference(byte[] expected, byte[] actual) {
    int n = Math.min(expected.length, actual.length);
    for (int i = 0; i < n; i++) {
      if (expected[i] != actual[i]) {
        return ", first difference at byte " + i;
      }
    }
    return "";
  }

  /**
   * The server sends nothing but a close frame with one of {@code codes}, and closes TCP once the
   * client answers (RFC 6455 §7.1.1), sending nothing after its close frame (§5.5.1).
   */
  static WireClient.Closing closed(WireClient client, int... codes) throws IOException {
    return closed(client.awaitClose(), codes);
  }

  /** As {@link #closed(WireClient, int...)}, for a close already awaited. */
  static WireClient.Closing closed(WireClient.Closing closing, int... codes) {
    assertThat(closing.close()).as("the server's close frame; %s", closing).isNotNull();
    assertThat(closing.before()).as("what the server sent before its close frame; %s", closing).isEmpty();
    assertThat(closing.code()).as("close code; %s", closing).isIn(Arrays.stream(codes).boxed().toArray());
    assertThat(closing.bytesAfter()).as("bytes after the close frame; %s", closing).isZero();
    assertThat(closing.tcpClosed()).as("TCP closed by the server; %s", closing).isTrue();
    assertThat(closing.released()).as("connection released by the server; %s", closing).isTrue();
    return closing;
  }

  /**
   * The connection ends: with a close frame whose code is one of {@code codes} when the server sends
   * one (RFC 6455 §7.1.7 "SHOULD"), and always with TCP closed, nothing echoed before.
   */
  static WireClient.Closing dropped(WireClient client, int... codes) throws IOException {
    WireClient.Closing closing = client.awaitClose();
    assertThat(closing.before()).as("what the server sent before closing; %s", closing).isEmpty();
    if (closing.close() != null) {
      assertThat(closing.code()).as("close code; %s", closing).isIn(Arrays.stream(codes).boxed().toArray());
    }
    assertThat(closing.tcpClosed()).as("TCP closed by the server; %s", closing).isTrue();
    assertThat(closing.released()).as("connection released by the server; %s", closing).isTrue();
    return closing;
  }
}
