package dev.portcullis.admin;

import static dev.portcullis.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.TestWebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * After known traffic (3 admitted handshakes, 2 refused {@code origin_not_allowed}, 5 messages of which 1 is
 * refused {@code type_not_allowed}), the statistics and the Prometheus text show exactly those numbers.
 */
class StatisticsAndMetricsIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  PortcullisServer server = AdminNodes.server();

  private AdminClient admin() {
    return AdminClient.of(server.port(), "198.51.100.50").bearer(AdminNodes.ADMIN_TOKEN);
  }

  private static String message(String id, String type) {
    return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"timestamp\":" + Instant.now().getEpochSecond() + "}";
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      Thread.sleep(20); // polling a server-side count that has no event to wait on
    }
  }

  @Test
  void countsKnownTrafficExactlyInStatisticsAndMetrics() throws Exception {
    List<TestWebSocket> sockets = new ArrayList<>();
    try {
      for (int i = 1; i <= 3; i++) {
        sockets.add(TestWebSocket.to(server.uri()).header("X-Forwarded-For", "192.0.2.8" + i)
            .bearer(server.minter().subject("user" + i).mint()).connect());
      }
      for (int i = 1; i <= 2; i++) {
        assertThat(RawHandshake.to(server.uri()).header("X-Forwarded-For", "192.0.2.9" + i)
            .header("Origin", "https://evil.test").bearer(server.minter().subject("z").mint()).send().status())
            .isEqualTo(403);
      }
      TestWebSocket talker = sockets.get(0);
      for (int i = 1; i <= 4; i++) {
        talker.send(message("m-" + i, "track"));
        talker.awaitMessage(WAIT);
      }
      talker.send(message("m-5", "no_such_type"));
      assertThat(talker.awaitMessage(WAIT)).contains("type_not_allowed");

      await(() -> json(admin().get("/admin/websocket-security")).at("/connections/rejected").asLong() == 2,
          "both refusals counted");
      JsonNode stats = json(admin().get("/admin/websocket-security"));
      assertThat(stats.at("/connections/active").asLong()).isEqualTo(3);
      assertThat(stats.at("/connections/accepted").asLong()).isEqualTo(3);
      assertThat(stats.at("/connections/rejected").asLong()).isEqualTo(2);
      assertThat(stats.at("/connections/rejectedByReason/origin_not_allowed").asLong()).isEqualTo(2);
      assertThat(stats.at("/messages/received").asLong()).isEqualTo(5);
      assertThat(stats.at("/messages/accepted").asLong()).isEqualTo(4);
      assertThat(stats.at("/messages/rejected").asLong()).isEqualTo(1);
      assertThat(stats.at("/messages/rejectedByCode/type_not_allowed").asLong()).isEqualTo(1);
      assertThat(stats.at("/blockedIps/count").asLong()).isZero();
      assertThat(stats.at("/failedAuth/total").asLong()).isZero();
      assertThat(stats.at("/generatedAt").asText()).endsWith("Z");
      assertThat(stats.has("nodes")).as("a node on in-memory state has no fleet to show").isFalse();

      String metrics = admin().get("/metrics").body();
      assertThat(metrics.lines()).contains(
          "portcullis_handshakes_total{outcome=\"admitted\",reason=\"none\"} 3.0",
          "portcullis_handshakes_total{outcome=\"refused\",reason=\"origin_not_allowed\"} 2.0",
          "portcullis_messages_total{code=\"none\",outcome=\"delivered\"} 4.0",
          "portcullis_messages_total{code=\"type_not_allowed\",outcome=\"refused\"} 1.0",
          "portcullis_connections_open 3.0",
          "portcullis_blocks_active 0.0",
          "portcullis_outbound_queued 0.0",
          "portcullis_failed_authentications_total 0.0",
          "portcullis_message_duration_seconds_count 5",
          "portcullis_handshake_duration_seconds_count 5");
      assertThat(metrics).contains("portcullis_message_duration_seconds_bucket{le=\"1.0E-6\"}",
          "portcullis_handshake_duration_seconds_bucket{le=\"0.005\"}", "portcullis_handshake_queue ",
          "jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds");
    } finally {
      sockets.forEach(TestWebSocket::close);
    }
  }

  @Test
  void countsFailedAuthenticationsAndBlocksInStatisticsAndMetrics() throws Exception {
    for (int i = 0; i < 2; i++) {
      RawHandshake.to(server.uri()).header("X-Forwarded-For", "192.0.2.99").bearer("not.a.token").send();
    }
    admin().post("/admin/blocks", "{\"address\":\"192.0.2.98\",\"seconds\":60}");
    await(() -> json(admin().get("/admin/websocket-security")).at("/failedAuth/total").asLong() == 2,
        "two failed authentications");
    JsonNode stats = json(admin().get("/admin/websocket-security"));
    assertThat(stats.at("/failedAuth/byAddress/0/address").asText()).isEqualTo("192.0.2.99");
    assertThat(stats.at("/failedAuth/byAddress/0/count").asLong()).isEqualTo(2);
    assertThat(stats.at("/blockedIps/count").asLong()).isEqualTo(1);
    assertThat(stats.at("/blockedIps/entries/0/target").asText()).isEqualTo("192.0.2.98");
    String metrics = admin().get("/metrics").body();
    assertThat(metrics.lines()).contains("portcullis_failed_authentications_total 2.0", "portcullis_blocks_active 1.0");
  }
}
