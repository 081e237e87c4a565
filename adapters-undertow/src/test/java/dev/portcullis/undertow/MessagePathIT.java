package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.core.app.InboundMessage;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.BlockListPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every text message goes through the message pipeline: admitted ones reach the handler with their
 * envelope, refused ones are answered with exactly the error frame of CONTRACT §3 (bounded by the
 * connection's message rate, here 5 a second), the framework's {@code heartbeat} is never delivered,
 * and crossing the violation threshold closes {@code 1008 too_many_violations} and, through the block,
 * the address's other sockets. A scripted test policy does the refusing.
 */
class MessagePathIT {

  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start(b -> b.maxMessagesPerSecond(5).messageBurst(5).suspiciousThreshold(100_000));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void startClean() throws Exception {
    server.messageScript.allowAll();
    Eventually.equals("node slots", 0L, server::totalLeases);
    server.handler.clear();
  }

  static String error(String code, String ref) {
    return "{\"type\":\"error\",\"code\":\"" + code + "\",\"ref\":" + (ref == null ? "null" : "\"" + ref + "\"")
        + ",\"message\":\"An error occurred\"}";
  }

  static String envelope(String id, String type, String payload) {
    return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"timestamp\":1764280000.125"
        + (payload == null ? "" : ",\"payload\":" + payload) + "}";
  }

  @Test
  void deliversAnAdmittedMessageWithItsTextEnvelopeAndRawPayload() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      String text = envelope("m-1", "track", "{\"bpm\":128}");
      client.send(text);
      assertThat(client.next()).isEqualTo(text);

      InboundMessage message = server.handler.nextMessage();
      assertThat(message.text()).isEqualTo(text);
      assertThat(message.id()).isEqualTo("m-1");
      assertThat(message.type()).isEqualTo("track");
      assertThat(message.envelope().timestampMillis()).isEqualTo(1_764_280_000_125L);
      assertThat(message.payload(JsonNode.class).path("bpm").asInt()).isEqualTo(128);
      assertThat(message.principal()).isEmpty(); // this server requires no authentication
    }
  }

  @Test
  void answersARefusalWithExactlyTheContractsErrorFrameAndDeliversNothing() throws Exception {
    server.messageScript.refuseContaining("\"bad\"", "stale_timestamp");
    try (WsClient client = WsClient.connect(server.uri())) {
      client.send(envelope("r-1", "bad", null));
      assertThat(client.next()).isEqualTo(error("stale_timestamp", "r-1"));
      String fine = envelope("r-2", "track", null);
      client.send(fine);
      assertThat(client.next()).isEqualTo(fine);
    }
    assertThat(server.handler.received).hasSize(1);
  }

  @Test
  void answersRefNullWhenTheRefusedMessageHadNoEnvelopeToRead() throws Exception {
    server.messageScript.refuseContaining("garbage", "invalid_format");
    try (WsClient client = WsClient.connect(server.uri())) {
      client.send("garbage, not JSON");
      assertThat(client.next()).isEqualTo(error("invalid_format", null));
    }
    assertThat(server.handler.received).isEmpty();
  }

  @Test
  void neverDeliversTheFrameworksHeartbeatAndAnswersNothing() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      client.send(envelope("h-1", "heartbeat", null));
      String after = envelope("h-2", "track", null);
      client.send(after);
      assertThat(client.next()).isEqualTo(after); // the heartbeat got no answer before it
    }
    assertThat(server.handler.received).hasSize(1);
  }

  @Test
  void sendsAnObjectSerialisedAsJson() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      client.send("json:h\u00e9 \"quoted\"");
      assertThat(client.next()).isEqualTo("{\"echo\":\"h\u00e9 \\\"quoted\\\"\"}");
    }
  }

  @Test
  void boundsErrorFramesByTheConnectionsMessageRateUnderAFlood() throws Exception {
    server.messageScript.script = context -> Verdict.refuseMessage("invalid_format");
    try (WsClient client = WsClient.connect(server.uri())) {
      long start = System.nanoTime();
      for (int i = 0; i < 100; i++) {
        client.send("flooding " + i);
      }
      List<String> answers = new ArrayList<>();
      for (String next = client.next(Duration.ofMillis(500)); next != null; next = client.next(Duration.ofMillis(500))) {
        answers.add(next);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(answers).allMatch(a -> a.equals(error("invalid_format", null)));
      assertThat(answers.size()).as("error frames for 100 refusals in %.1f s", seconds)
          .isBetween(5, (int) (5 + 5 * seconds) + 1);
    }
  }

  @Test
  void closes1008TooManyViolationsAtTheThresholdAndTheBlockClosesTheAddresssOtherSocket() throws Exception {
    try (TestServer strict = TestServer.start(b -> b.suspiciousThreshold(10))) {
      strict.messageScript.refuseContaining("probe", "invalid_format"); // weighs 5
      try (WsClient bystander = WsClient.connect(strict.uri()); WsClient offender = WsClient.connect(strict.uri())) {
        offender.send("probe 1");
        assertThat(offender.next()).isEqualTo(error("invalid_format", null));
        offender.send("probe 2");

        assertThat(offender.awaitClose()).isEqualTo(new WsClient.Close(1008, "too_many_violations"));
        assertThat(bystander.awaitClose()).isEqualTo(new WsClient.Close(1008, "blocked"));
      }
      assertThat(strict.injector.getInstance(BlockListPort.class).find("127.0.0.1"))
          .hasValueSatisfying(block -> assertThat(block.reason()).isEqualTo("too_many_violations"));
      Eventually.equals("node slots", 0L, strict::totalLeases);
      assertThat(strict.handler.closed.poll(5, TimeUnit.SECONDS)).isNotNull();
    }
  }
}
