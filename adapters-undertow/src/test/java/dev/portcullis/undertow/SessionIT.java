package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.app.Session;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.OpenConnection;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A session bounds what it reads and queues, refuses binary, and gives back its slots exactly once
 * however it ends. Messages up to 1024 bytes, at most 4 queued.
 */
class SessionIT {

  private static final int MAX = 1024;
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start(b -> b.maxMessageSize(MAX).maxQueueSize(4));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void startClean() throws Exception {
    server.scripted.script = request -> Verdict.allow();
    Eventually.equals("node slots", 0L, server::totalLeases);
    server.handler.clear();
  }

  @Test
  void deliversAMessageOfExactlyTheSizeLimit() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      String largest = "x".repeat(MAX);
      client.send(largest);
      assertThat(client.next()).isEqualTo(largest);
    }
  }

  @Test
  void closes1009MessageTooBigOneBytePastTheLimitAndDeliversNothing() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      client.send("x".repeat(MAX - 1) + "é"); // 1025 bytes of UTF-8 in 1024 characters
      assertThat(client.awaitClose()).isEqualTo(new WsClient.Close(1009, "message_too_big"));
    }
    assertThat(server.handler.received).isEmpty();
    Eventually.equals("node slots", 0L, server::totalLeases);
  }

  @Test
  void reassemblesAFragmentedMessageWrittenAByteAtATime() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()))) {
      String text = "a".repeat(400) + "b".repeat(400) + "c".repeat(224);
      ws.writeSlowly(RawWebSocket.frame(false, RawWebSocket.TEXT, bytes(text.substring(0, 400))));
      ws.writeSlowly(RawWebSocket.frame(true, RawWebSocket.PING, new byte[] {7})); // between fragments (PROTO-07)
      ws.writeSlowly(RawWebSocket.frame(false, RawWebSocket.CONTINUATION, bytes(text.substring(400, 800))));
      ws.writeSlowly(RawWebSocket.frame(true, RawWebSocket.CONTINUATION, bytes(text.substring(800))));

      RawWebSocket.Frame pong = ws.readFrame();
      assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
      assertThat(pong.payload()).containsExactly(7);
      RawWebSocket.Frame echo = ws.readFrame();
      assertThat(echo.opcode()).isEqualTo(RawWebSocket.TEXT);
      assertThat(echo.text()).isEqualTo(text);
    }
    assertThat(server.handler.received).hasSize(1);
  }

  @Test
  void closes1009AtTheHeaderOfAFrameThatDeclaresMoreThanTheLimitBeforeAnyOfItArrives() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()))) {
      byte[] header = Arrays.copyOf(RawWebSocket.frame(true, RawWebSocket.TEXT, new byte[MAX + 1]), 2 + 2 + 4);
      ws.socket().getOutputStream().write(header); // the header and mask alone; not one payload byte
      RawWebSocket.Frame close = ws.readUntilClose();
      assertThat(close.closeCode()).isEqualTo(1009);
      assertThat(close.closeReason()).isEqualTo("message_too_big");
    }
    assertThat(server.handler.received).isEmpty();
  }

  @Test
  void closes1009WhenFragmentsTogetherPassTheLimit() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()))) {
      byte[] part = "y".repeat(400).getBytes(StandardCharsets.UTF_8);
      ws.sendFrame(false, RawWebSocket.TEXT, part);
      ws.sendFrame(false, RawWebSocket.CONTINUATION, part);
      ws.sendFrame(true, RawWebSocket.CONTINUATION, part);
      RawWebSocket.Frame close = ws.readUntilClose();
      assertThat(close.closeCode()).isEqualTo(1009);
      assertThat(close.closeReason()).isEqualTo("message_too_big");
    }
    assertThat(server.handler.received).isEmpty();
  }

  @Test
  void refusesABinaryMessageWithTheBinaryNotAllowedErrorFrameAndStaysOpen() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      client.sendBinary(new byte[] {1, 2, 3});
      assertThat(client.next()).isEqualTo(
          "{\"type\":\"error\",\"code\":\"binary_not_allowed\",\"ref\":null,\"message\":\"An error occurred\"}");
      client.send("still open");
      assertThat(client.next()).isEqualTo("still open");
    }
    assertThat(server.handler.binary).isEmpty();
    assertThat(server.handler.received).containsExactly("still open");
  }

  @Test
  void closes1009WhenARefusedBinaryMessagePassesTheLimitWhileItIsDropped() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()))) {
      ws.sendFrame(false, RawWebSocket.BINARY, new byte[MAX]);
      assertThat(ws.readFrame().text()).contains("binary_not_allowed");
      ws.sendFrame(true, RawWebSocket.CONTINUATION, new byte[1]);
      RawWebSocket.Frame close = ws.readUntilClose();
      assertThat(close.closeCode()).isEqualTo(1009);
      assertThat(close.closeReason()).isEqualTo("message_too_big");
    }
  }

  @Test
  void givesBackItsSlotsAndTellsTheApplicationWhenTheClientCloses() throws Exception {
    WsClient client = WsClient.connect(server.uri());
    Session session = server.handler.nextOpened();
    Eventually.equals("node slots", 1L, server::totalLeases);
    assertThat(server.registry().connections()).extracting(OpenConnection::id).containsExactly(session.id());
    assertThat(session.id()).matches("[A-Za-z0-9_-]{22}");

    client.socket().sendClose(1000, "bye").get(5, TimeUnit.SECONDS);

    RecordingHandler.Closed closed = server.handler.nextClosed();
    assertThat(closed.session()).isSameAs(session);
    assertThat(closed.code()).isEqualTo(1000);
    assertThat(closed.reason()).isEqualTo("bye");
    Eventually.equals("node slots", 0L, server::totalLeases);
    assertThat(server.registry().connections()).isEmpty();
    assertThat(server.handler.closed.poll(300, TimeUnit.MILLISECONDS)).as("onClose once").isNull();
  }

  @Test
  void closesFromAnyThreadThroughTheRegistryAndGivesBackItsSlots() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      Session session = server.handler.nextOpened();
      OpenConnection connection = server.registry().connections().get(0);
      Thread closer = new Thread(() -> connection.close(1008, "kicked"));
      closer.start();
      closer.join(5000);

      assertThat(client.awaitClose()).isEqualTo(new WsClient.Close(1008, "kicked"));
      RecordingHandler.Closed closed = server.handler.nextClosed();
      assertThat(closed.session()).isSameAs(session);
      assertThat(closed.code()).isEqualTo(1008);
      assertThat(closed.reason()).isEqualTo("kicked");
      connection.close(1000, "again"); // harmless
    }
    Eventually.equals("node slots", 0L, server::totalLeases);
  }

  @Test
  void refusesToSendACloseCodeThatRfc6455Reserves() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      Session session = server.handler.nextOpened();
      for (int reserved : new int[] {1005, 1006, 1015, 999, 5000}) {
        assertThatThrownBy(() -> session.close(reserved, "x")).isInstanceOf(IllegalArgumentException.class);
      }
      session.send("still open");
      assertThat(client.next()).isEqualTo("still open");
    }
  }

  @Test
  void closesTheSocketsOfABlockedAddress() throws Exception {
    BlockListPort blocks = server.injector.getInstance(BlockListPort.class);
    try (WsClient client = WsClient.connect(server.uri())) {
      server.handler.nextOpened();
      blocks.block(new Block("127.0.0.1", "test", Instant.now(), Instant.now().plusSeconds(60)));
      assertThat(client.awaitClose()).isEqualTo(new WsClient.Close(1008, "blocked"));
    } finally {
      blocks.lift("127.0.0.1");
    }
    Eventually.equals("node slots", 0L, server::totalLeases);
  }

  @Test
  void givesBackTheSlotsOfTwoHundredConnectionsResetAbruptly() throws Exception {
    List<RawWebSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()));
        sockets.add(ws);
        assertThat(ws.handshake().status()).isEqualTo(101);
      }
      Eventually.equals("node slots", 200L, server::totalLeases);
      Eventually.equals("open sockets", 200, server.transport::openSockets);
    } finally {
      for (RawWebSocket ws : sockets) {
        ws.abort(); // RST, no close frame
      }
    }
    Eventually.equals("node slots", 0L, server::totalLeases);
    Eventually.equals("address slots", 0L, () -> server.addressLeases("127.0.0.1"));
    Eventually.equals("open sockets", 0, server.transport::openSockets);
    assertThat(server.registry().connections()).isEmpty();
  }

  @Test
  void givesBackTheSlotsOfAClientThatLeftWhileBeingJudged() throws Exception {
    CountDownLatch judging = new CountDownLatch(1);
    CountDownLatch verdict = new CountDownLatch(1);
    server.scripted.script = request -> {
      judging.countDown();
      try {
        verdict.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Verdict.allow();
    };
    try (Socket socket = RawHttp.connect(server.port())) {
      socket.getOutputStream().write(RawHttp.upgrade(server.path()).bytes());
      assertThat(judging.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(server.totalLeases()).isEqualTo(1L);
      socket.setSoLinger(true, 0);
    } // reset while the policy still holds the verdict
    verdict.countDown();

    Eventually.equals("node slots", 0L, server::totalLeases);
    Eventually.equals("open sockets", 0, server.transport::openSockets);
    assertThat(server.handler.opened).isEmpty();
  }

  @Test
  void closes1013QueueFullWhenTheClientDoesNotReadWithoutBlockingTheSenderOrOtherClients() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()));
        WsClient other = WsClient.connect(server.uri())) {
      ws.socket().setReceiveBufferSize(4096);
      Session session = server.handler.nextOpened();
      server.handler.nextOpened();
      // 24 MB at once: far more than the socket buffers hold, and nobody reads
      ws.sendText("flood:400:60000");

      RecordingHandler.Closed closed = server.handler.nextClosed();
      assertThat(closed).isNotNull();
      assertThat(closed.session()).isSameAs(session);
      assertThat(closed.code()).isEqualTo(1013);
      assertThat(closed.reason()).isEqualTo("queue_full");
      assertThat(Duration.ofNanos(server.handler.lastFloodNanos)).as("400 sends never waited")
          .isLessThan(Duration.ofSeconds(1));
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        other.send("unaffected " + i);
        assertThat(other.next()).isEqualTo("unaffected " + i);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      }
    }
    Eventually.equals("node slots", 0L, server::totalLeases);
  }

  @Test
  void deliversABurstThatFitsTheQueue() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      client.send("flood:4:100");
      for (int i = 0; i < 4; i++) {
        assertThat(client.next()).hasSize(100);
      }
      client.send("after");
      assertThat(client.next()).isEqualTo("after");
    }
  }

  @Test
  void closes1007OnATextMessageThatIsNotUtf8() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()))) {
      ws.sendFrame(true, RawWebSocket.TEXT, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28});
      assertThat(ws.readUntilClose().closeCode()).isEqualTo(1007);
    }
    assertThat(server.handler.received).isEmpty();
  }

  @Test
  void closesTcpWhenThePeerNeverAnswersTheCloseFrame() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()))) {
      server.handler.nextOpened().close(1008, "kicked");
      assertThat(ws.readFrame().closeCode()).isEqualTo(1008);
      long start = System.nanoTime();
      assertThat(ws.closedByServer()).isTrue(); // we never answer; the close timeout is 1 s here
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
    Eventually.equals("node slots", 0L, server::totalLeases);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
