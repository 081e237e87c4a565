package dev.portcullis.undertow.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autobahn group 7 (PROTO-11, PROTO-13): the close handshake. A client's close is answered by one close
 * frame that echoes its code (RFC 6455 §5.5.1), after which nothing is sent, nothing the client still
 * sends is processed, and the server closes TCP (§7.1.1); close payloads of one byte, with a code that
 * may not be sent (§7.4.1, §7.4.2), or over 125 bytes are protocol errors ({@code 1002}); a reason that
 * is not UTF-8 closes {@code 1007}. When the server closes and the client never answers, the server
 * closes TCP itself after its close timeout.
 */
class CloseConformanceIT {

  @RegisterExtension
  static final SharedEchoServer server = new SharedEchoServer();

  @RegisterExtension
  final ServerLog log = new ServerLog();

  @Test
  void case_7_1_1_textIsEchoedThenACloseIsAnsweredAndTcpCloses() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("Hello World!"));
      Expect.text(client, "Hello World!");
      client.send(Frames.close(1000));
      Expect.closed(client, 1000);
    }
  }

  @Test
  void case_7_1_2_aSecondCloseIsIgnored() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(1000), Frames.close(1001));
      Expect.closed(client, 1000);
    }
  }

  @Test
  void case_7_1_3_aPingAfterTheClientsCloseIsNotAnswered() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(1000), Frames.ping(Frames.utf8("after close")));
      Expect.closed(client, 1000);
    }
  }

  @Test
  void case_7_1_4_textAfterTheClientsCloseIsNotEchoedAndTcpClosesInBoundedTime() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(1000), Frames.text("after close"), Frames.text("and more"));
      WireClient.Closing closing = Expect.closed(client, 1000);
      assertThat(closing.releasedAfter()).isLessThan(WireClient.TCP_CLOSE_TIMEOUT);
    }
  }

  @Test
  void case_7_1_4_2_dataKeptBeingSentAfterTheClientsCloseIsIgnoredAndTcpStillCloses() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(1000));
      byte[] more = new byte[0];
      for (int i = 0; i < 50; i++) {
        more = Frames.concat(more, Frames.text("after close " + i).bytes());
      }
      client.writeInBackground(more);
      WireClient.Closing closing = Expect.closed(client, 1000);
      assertThat(closing.releasedAfter()).isLessThan(WireClient.TCP_CLOSE_TIMEOUT);
    }
  }

  @Test
  void case_7_1_5_aMessageLeftOpenByTheClientsCloseIsNeverEchoed() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text("fragment1").more(), Frames.close(1000), Frames.continuation(Frames.utf8("fragment2")));
      Expect.closed(client, 1000);
    }
  }

  @Test
  void case_7_3_1_closeWithoutPayloadIsAnsweredWithoutCodeOr1000() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(new byte[0]));
      WireClient.Closing closing = Expect.closed(client, 1000, 1005);
      // §5.5.1: the answer's body, if any, starts with a code; 1005 must never be on the wire (§7.4.1)
      assertThat(closing.close().payload().length).isNotEqualTo(1);
    }
  }

  @Test
  void case_7_3_2_closeWithOneBytePayloadCloses1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(new byte[] {0x03}));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_7_3_3_close1000WithoutReasonIsEchoed() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(1000));
      Expect.closed(client, 1000);
    }
  }

  @Test
  void case_7_3_4_close1000WithAReasonIsEchoed() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(1000, Frames.utf8("Hello World!")));
      Expect.closed(client, 1000);
    }
  }

  @Test
  void case_7_3_5_close1000WithA123ByteReasonIsEchoed() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(1000, Frames.ascii(123)));
      Expect.closed(client, 1000);
    }
  }

  @Test
  void case_7_3_6_close1000WithA124ByteReasonIsAControlFrameTooLongAndCloses1002() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(1000, Frames.ascii(124)));
      Expect.closed(client, 1002);
    }
  }

  @Test
  void case_7_5_1_closeReasonWithInvalidUtf8Closes1007() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(1000, Frames.hex("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64")));
      Expect.closed(client, 1007);
    }
  }

  @Test
  void case_7_5_2_closeReasonWithATruncatedSequenceCloses1007() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(1000, Frames.hex("48 69 e2 82")));
      Expect.closed(client, 1007);
    }
  }

  @ParameterizedTest(name = "7.7.{index} close code {0} is echoed")
  @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
  void case_7_7_validCloseCodeIsEchoed(int code) throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(code, Frames.utf8("bye")));
      Expect.closed(client, code);
    }
  }

  @ParameterizedTest(name = "7.9.{index} close code {0} may not be sent and closes 1002")
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
  void case_7_9_invalidCloseCodeCloses1002(int code) throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.close(code));
      Expect.closed(client, 1002);
    }
  }

  /**
   * PROTO-13: after the server's own close frame, a client that never answers still loses its TCP
   * connection, at the latest once the close timeout has passed. The server's close is provoked four
   * ways: a protocol error (1002), invalid UTF-8 (1007), a message over the limit (1009), and the
   * application closing the socket (4000), the one close where the server has no reason to drop TCP at
   * once and must wait for the client within its close timeout.
   */
  @ParameterizedTest(name = "7.10.{index} server close {0} unanswered: TCP closed within the close timeout")
  @ValueSource(ints = {1002, 1007, 1009, 4000})
  void case_7_10_serverClosesTcpItselfWhenTheClientNeverAnswersItsClose(int code) throws Exception {
    try (WireClient client = server.connect()) {
      switch (code) {
        case 1002 -> client.send(Frames.text("rsv").rsv(Frames.RSV2));
        case 1007 -> client.send(Frames.text(Frames.hex("c0 af")));
        case 1009 -> client.writeInBackground(Frames.text(Frames.ascii(EchoServer.MAX_MESSAGE_SIZE + 1)).bytes());
        default -> client.send(Frames.text(EchoServer.CLOSE_COMMAND + code));
      }
      WireClient.Closing closing = client.awaitClose(false);
      assertThat(closing.close()).as("the server's close frame; %s", closing).isNotNull();
      assertThat(closing.code()).as("close code; %s", closing).isEqualTo(code);
      assertThat(closing.before()).as("what the server sent before its close frame; %s", closing).isEmpty();
      assertThat(closing.tcpClosed()).as("TCP closed without the client's answer; %s", closing).isTrue();
      assertThat(closing.released()).as("connection released without the client's answer; %s", closing).isTrue();
      assertThat(closing.releasedAfter()).as("%s", closing)
          .isLessThan(EchoServer.CLOSE_TIMEOUT.plus(Duration.ofMillis(1500)));
    }
  }

  @Test
  void case_7_12_anApplicationCloseAnsweredByTheClientClosesTcpWithoutWaitingForTheTimeout() throws Exception {
    try (WireClient client = server.connect()) {
      client.send(Frames.text(EchoServer.CLOSE_COMMAND + 4001));
      WireClient.Closing closing = Expect.closed(client, 4001);
      assertThat(new String(closing.close().closeReason(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("bye");
      assertThat(closing.releasedAfter()).as("%s", closing).isLessThan(EchoServer.CLOSE_TIMEOUT);
    }
  }

  @Test
  void case_7_11_aClientThatClosesTcpRightAfterItsCloseLeavesNoSocketBehind() throws Exception {
    int before = server.openSockets();
    try (WireClient client = server.connect()) {
      client.send(Frames.close(1000));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (server.openSockets() > before && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.openSockets()).isLessThanOrEqualTo(before);
  }
}
