package dev.portcullis.admin;

import static dev.portcullis.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.TestWebSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Open connections listed and kicked; tokens and subjects revoked. */
class ConnectionsAndRevocationsIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static PortcullisServer server = AdminNodes.server();

  private static AdminClient admin() {
    return AdminClient.of(server.port(), "198.51.100.30").bearer(AdminNodes.ADMIN_TOKEN);
  }

  private static TestWebSocket connect(String address, String token) {
    return TestWebSocket.to(server.uri()).header("X-Forwarded-For", address).bearer(token).connect();
  }

  private static String message(String id) {
    return "{\"id\":\"" + id + "\",\"type\":\"track\",\"timestamp\":" + Instant.now().getEpochSecond() + "}";
  }

  @Test
  void listsOpenConnectionsWithTheirCountsAndKicksOne() throws InterruptedException {
    try (TestWebSocket dave = connect("192.0.2.41", server.minter().subject("dave").sid("s-1").mint());
         TestWebSocket erin = connect("192.0.2.42", server.minter().subject("erin").mint())) {
      dave.send(message("d-1"));
      dave.awaitMessage(WAIT);

      JsonNode listed = json(admin().get("/admin/connections?subject=dave")).get("connections");
      assertThat(listed).hasSize(1);
      JsonNode connection = listed.get(0);
      assertThat(connection.get("address").asText()).isEqualTo("192.0.2.41");
      assertThat(connection.get("session").asText()).isEqualTo("s-1");
      assertThat(connection.get("messagesIn").asLong()).isEqualTo(1);
      assertThat(connection.get("messagesOut").asLong()).isEqualTo(1);
      assertThat(connection.get("queued").asInt()).isZero();
      assertThat(connection.get("since").asText()).endsWith("Z");
      assertThat(json(admin().get("/admin/connections?address=192.0.2.42")).get("connections")
          .findValuesAsText("subject")).containsExactly("erin");
      assertThat(json(admin().get("/admin/connections")).get("connections")).hasSize(2);
      assertThat(admin().get("/admin/connections?address=nonsense").statusCode()).isEqualTo(400);

      String id = connection.get("id").asText();
      assertThat(admin().delete("/admin/connections/" + id).statusCode()).isEqualTo(204);
      assertThat(dave.awaitClose(WAIT)).isEqualTo(new TestWebSocket.CloseStatus(1008, "kicked"));
      assertThat(erin.isClosed()).isFalse();
      awaitGone(id);
      assertThat(admin().delete("/admin/connections/" + id).statusCode()).isEqualTo(404);
    }
  }

  /** The server unregisters a closed socket just after the client sees its close frame. */
  private static void awaitGone(String id) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (json(admin().get("/admin/connections")).get("connections").findValuesAsText("id").contains(id)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("connection " + id + " still listed after " + WAIT);
      }
      Thread.sleep(20); // no event tells the client that the server has unregistered the socket
    }
  }

  @Test
  void revokesATokenByItsIdClosingItsSocketAndRefusingItAfterwards() {
    String token = server.minter().subject("frank").jti("jti-frank-1").mint();
    try (TestWebSocket frank = connect("192.0.2.51", token)) {
      HttpResponse<String> revoked = admin().post("/admin/revocations",
          "{\"tokenId\":\"jti-frank-1\",\"reason\":\"laptop stolen\"}");
      assertThat(revoked.statusCode()).isEqualTo(201);
      JsonNode entry = json(revoked);
      assertThat(entry.get("tokenId").asText()).isEqualTo("jti-frank-1");
      assertThat(entry.has("subject")).isFalse();
      assertThat(Duration.between(Instant.parse(entry.get("since").asText()), Instant.parse(entry.get("until").asText())))
          .isEqualTo(Duration.ofHours(24));
      assertThat(frank.awaitClose(WAIT)).isEqualTo(new TestWebSocket.CloseStatus(1008, "revoked"));
    }
    assertThat(RawHandshake.to(server.uri()).header("X-Forwarded-For", "192.0.2.51").bearer(token).send().status())
        .isEqualTo(401);
    assertThat(json(admin().get("/admin/revocations")).get("revocations").findValuesAsText("tokenId"))
        .contains("jti-frank-1");
  }

  @Test
  void revokesEveryEarlierTokenOfASubject() {
    Instant issued = Instant.now().minusSeconds(60);
    String old = server.minter().subject("grace").issuedAt(issued).mint();
    try (TestWebSocket grace = connect("192.0.2.61", old)) {
      HttpResponse<String> revoked = admin().post("/admin/revocations",
          "{\"subject\":\"grace\",\"issuedBefore\":\"" + issued.plusSeconds(30) + "\",\"seconds\":3600}");
      assertThat(revoked.statusCode()).isEqualTo(201);
      assertThat(json(revoked).get("subject").asText()).isEqualTo("grace");
      assertThat(grace.awaitClose(WAIT)).isEqualTo(new TestWebSocket.CloseStatus(1008, "revoked"));
    }
    String fresh = server.minter().subject("grace").mint();
    try (TestWebSocket again = connect("192.0.2.61", fresh)) {
      assertThat(again.isClosed()).isFalse();
    }
  }

  @Test
  void refusesBadRevocationBodiesNamingTheField() {
    String[][] cases = {
        {"{\"tokenId\":\"t\",\"subject\":\"s\"}", "subject"},
        {"{\"reason\":\"nothing named\"}", "subject"},
        {"{\"tokenId\":\"t\",\"issuedBefore\":\"2030-01-01T00:00:00Z\"}", "issuedBefore"},
        {"{\"subject\":\"s\",\"issuedBefore\":\"yesterday\"}", "issuedBefore"},
        {"{\"tokenId\":\"t\",\"seconds\":2592001}", "seconds"},
        {"{\"tokenId\":\"t\",\"seconds\":0}", "seconds"},
        {"{\"tokenId\":\"\"}", "tokenId"},
        {"{\"tokenId\":\"t\",\"reason\":\"" + "x".repeat(201) + "\"}", "reason"},
        {"{\"tokenId\":\"t\",\"jti\":\"t\"}", "jti"},
    };
    for (String[] c : cases) {
      HttpResponse<String> answer = admin().post("/admin/revocations", c[0]);
      assertThat(answer.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(json(answer).get("fields")).as(c[0]).extracting(JsonNode::asText).contains(c[1]);
    }
  }
}
