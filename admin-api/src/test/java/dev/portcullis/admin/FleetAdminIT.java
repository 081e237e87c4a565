package dev.portcullis.admin;

import static dev.portcullis.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.core.config.StateKind;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RedisServer;
import dev.portcullis.testkit.TestWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes sharing a real redis-server ({@code WS_STATE=redis}), over real sockets: a kick through node
 * A's admin API closes a socket held on node B {@code 1008 kicked}, and A's statistics show the fleet's
 * nodes with the connections each holds.
 */
class FleetAdminIT {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private static RedisServer redis;
  private static PortcullisServer nodeA;
  private static PortcullisServer nodeB;

  @BeforeAll
  static void twoNodesOnOneRedis() {
    redis = RedisServer.start();
    nodeA = AdminNodes.server(c -> c.state(StateKind.REDIS).redisUrl(redis.uri())).start();
    nodeB = AdminNodes.server(c -> c.state(StateKind.REDIS).redisUrl(redis.uri())).start();
  }

  @AfterAll
  static void stop() {
    try {
      nodeA.close();
      nodeB.close();
    } finally {
      redis.close();
    }
  }

  private static AdminClient adminOf(PortcullisServer node) {
    return AdminClient.of(node.port(), "198.51.100.40").bearer(AdminNodes.ADMIN_TOKEN);
  }

  private static TestWebSocket connect(PortcullisServer node, String address, String subject) {
    return TestWebSocket.to(node.uri()).header("X-Forwarded-For", address).bearer(node.minter().subject(subject).mint())
        .connect();
  }

  @Test
  void aKickThroughOneNodesAdminApiClosesASocketHeldOnTheOther() throws Exception {
    try (TestWebSocket onB = connect(nodeB, "192.0.2.71", "frank")) {
      JsonNode listed = json(adminOf(nodeB).get("/admin/connections?subject=frank")).get("connections");
      assertThat(listed).hasSize(1);
      String id = listed.get(0).get("id").asText();
      assertThat(json(adminOf(nodeA).get("/admin/connections?subject=frank")).get("connections")).isEmpty();

      assertThat(adminOf(nodeA).delete("/admin/connections/" + id).statusCode()).isEqualTo(204);

      assertThat(onB.awaitClose(WAIT)).isEqualTo(new TestWebSocket.CloseStatus(1008, "kicked"));
      assertThat(adminOf(nodeA).delete("/admin/connections/" + id).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void theStatisticsShowEveryNodeAndTheConnectionsItHolds() throws Exception {
    List<TestWebSocket> sockets = new ArrayList<>();
    try {
      sockets.add(connect(nodeB, "192.0.2.72", "gina"));
      sockets.add(connect(nodeB, "192.0.2.73", "hal"));

      long deadline = System.nanoTime() + WAIT.plusSeconds(10).toNanos();
      JsonNode nodes = json(adminOf(nodeA).get("/admin/websocket-security")).get("nodes");
      while (!holds(nodes, false, 2) && System.nanoTime() < deadline) {
        Thread.sleep(100); // the count arrives with node B's next lease heartbeat
        nodes = json(adminOf(nodeA).get("/admin/websocket-security")).get("nodes");
      }

      assertThat(nodes).hasSize(2);
      assertThat(holds(nodes, false, 2)).as("node B holds two connections: %s", nodes).isTrue();
      assertThat(holds(nodes, true, 0)).as("node A, answering, holds none: %s", nodes).isTrue();
    } finally {
      sockets.forEach(TestWebSocket::close);
    }
  }

  private static boolean holds(JsonNode nodes, boolean self, long connections) {
    if (nodes == null) {
      return false;
    }
    for (JsonNode node : nodes) {
      if (node.get("self").asBoolean() == self && node.get("connections").asLong() == connections) {
        return true;
      }
    }
    return false;
  }
}
