package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats (HB-01, HB-02): the server pings every {@code WS_HEARTBEAT_INTERVAL} (1 s here); a peer that
 * neither answers a ping nor sends a message for {@code WS_HEARTBEAT_TIMEOUT} (2 s) is closed
 * {@code 1008 heartbeat_timeout}; a {@code heartbeat} message counts as a sign of life and is never
 * delivered. {@code WS_CONNECTION_TIMEOUT} bounds every socket's life whatever it does.
 */
class HeartbeatIT {

  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start(b -> b.heartbeatInterval(Duration.ofSeconds(1)).heartbeatTimeout(Duration.ofSeconds(2)));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void startClean() throws Exception {
    Eventually.equals("node slots", 0L, server::totalLeases);
    server.handler.clear();
  }

  @Test
  void pingsAPeerThatNeverAnswersAndCloses1008HeartbeatTimeoutAfterTheTimeout() throws Exception {
    try (RawWebSocket silent = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()))) {
      long start = System.nanoTime();
      List<Integer> opcodes = new ArrayList<>();
      RawWebSocket.Frame frame;
      do {
        frame = silent.readFrame(); // never answered
        opcodes.add(frame.opcode());
      } while (frame.opcode() != RawWebSocket.CLOSE);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(opcodes).startsWith(RawWebSocket.PING).endsWith(RawWebSocket.CLOSE);
      assertThat(frame.closeCode()).isEqualTo(1008);
      assertThat(frame.closeReason()).isEqualTo("heartbeat_timeout");
      assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(5));
    }
    Eventually.equals("node slots", 0L, server::totalLeases);
    assertThat(server.registry().connections()).isEmpty();
  }

  @Test
  void keepsPeersThatAnswerPingsOrSendHeartbeatMessagesOpenPastTheTimeoutAndDeliversNoHeartbeat() throws Exception {
    String heartbeat = "{\"id\":\"hb\",\"type\":\"heartbeat\",\"timestamp\":1764280000}";
    try (WsClient ponging = WsClient.connect(server.uri()); // the JDK client answers pings by itself
        RawWebSocket chatty = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()))) {
      for (int i = 0; i < 6; i++) { // 3 s: past the 2 s timeout; the raw peer never answers a ping
        chatty.sendText(heartbeat.replace("\"hb\"", "\"hb-" + i + "\""));
        Thread.sleep(500);
      }
      assertThat(ponging.isClosed()).isFalse();
      ponging.send("still here");
      assertThat(ponging.next()).isEqualTo("still here");
      chatty.sendText("after the heartbeats");
      RawWebSocket.Frame frame = chatty.readUntil(RawWebSocket.TEXT); // pings are skipped; no close came
      assertThat(frame.text()).isEqualTo("after the heartbeats");
    }
    assertThat(server.handler.received).containsExactlyInAnyOrder("still here", "after the heartbeats");
  }

  @Test
  void closes1008ConnectionTimeoutWhenTheSocketReachesItsMaximumLifetime() throws Exception {
    try (TestServer shortLived = TestServer.start(b -> b.connectionTimeout(Duration.ofSeconds(1)));
        WsClient client = WsClient.connect(shortLived.uri())) {
      long start = System.nanoTime();
      assertThat(client.awaitClose(Duration.ofSeconds(4))).isEqualTo(new WsClient.Close(1008, "connection_timeout"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(600), Duration.ofSeconds(4));
      Eventually.equals("node slots", 0L, shortLived::totalLeases);
    }
  }
}
