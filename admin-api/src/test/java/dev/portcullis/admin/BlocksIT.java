package dev.portcullis.admin;

import static dev.portcullis.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.RawResponse;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Blocks of an address, a range and a subject: added, listed, enforced at the handshake, lifted; and refused input. */
class BlocksIT {

  @RegisterExtension
  static PortcullisServer server = AdminNodes.server();

  private static AdminClient admin() {
    return AdminClient.of(server.port(), "198.51.100.20").bearer(AdminNodes.ADMIN_TOKEN);
  }

  private static RawResponse handshakeFrom(String address, String subject) {
    return RawHandshake.to(server.uri()).header("X-Forwarded-For", address)
        .bearer(server.minter().subject(subject).mint()).send();
  }

  private static List<String> targets() {
    List<String> out = new ArrayList<>();
    json(admin().get("/admin/blocks")).get("blocks").forEach(b -> out.add(b.get("target").asText()));
    return out;
  }

  @Test
  void blocksAnAddressUntilTheBlockIsLifted() {
    assertThat(handshakeFrom("192.0.2.10", "alice").status()).isEqualTo(101);

    HttpResponse<String> added = admin().post("/admin/blocks",
        "{\"address\":\"192.0.2.10\",\"seconds\":600,\"reason\":\"scraping\"}");
    assertThat(added.statusCode()).isEqualTo(201);
    JsonNode entry = json(added);
    assertThat(entry.get("target").asText()).isEqualTo("192.0.2.10");
    assertThat(entry.get("kind").asText()).isEqualTo("address");
    assertThat(entry.get("reason").asText()).isEqualTo("scraping");
    assertThat(entry.get("secondsLeft").asLong()).isBetween(590L, 600L);
    assertThat(entry.get("until").asText()).endsWith("Z");
    assertThat(targets()).contains("192.0.2.10");

    RawResponse refused = handshakeFrom("192.0.2.10", "alice");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).isEqualTo("{\"error\":\"blocked\"}");

    assertThat(admin().delete("/admin/blocks/192.0.2.10").statusCode()).isEqualTo(204);
    assertThat(targets()).doesNotContain("192.0.2.10");
    assertThat(admin().delete("/admin/blocks/192.0.2.10").statusCode()).isEqualTo(404);
    assertThat(handshakeFrom("192.0.2.10", "alice").status()).isEqualTo(101);
  }

  @Test
  void blocksARangeGivenAsACidrAndLiftsItByItsEncodedName() {
    HttpResponse<String> added = admin().post("/admin/blocks", "{\"address\":\"192.0.2.130/25\",\"seconds\":60}");
    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(json(added).get("target").asText()).isEqualTo("192.0.2.128/25");
    assertThat(json(added).get("kind").asText()).isEqualTo("cidr");
    assertThat(json(added).get("reason").asText()).isEqualTo("manual");

    assertThat(handshakeFrom("192.0.2.200", "bob").status()).isEqualTo(403);
    assertThat(handshakeFrom("192.0.2.20", "bob").status()).isEqualTo(101);

    assertThat(admin().delete("/admin/blocks/192.0.2.128%2F25").statusCode()).isEqualTo(204);
    assertThat(handshakeFrom("192.0.2.200", "bob").status()).isEqualTo(101);
  }

  @Test
  void blocksASubjectOnEveryAddress() {
    HttpResponse<String> added = admin().post("/admin/blocks",
        "{\"subject\":\"mallory\",\"seconds\":60,\"reason\":\"abuse\"}");
    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(json(added).get("target").asText()).isEqualTo("subject:mallory");
    assertThat(json(added).get("kind").asText()).isEqualTo("subject");

    assertThat(handshakeFrom("192.0.2.31", "mallory").status()).isEqualTo(403);
    assertThat(handshakeFrom("192.0.2.32", "mallory").status()).isEqualTo(403);
    assertThat(handshakeFrom("192.0.2.31", "carol").status()).isEqualTo(101);

    assertThat(admin().delete("/admin/blocks/subject:mallory").statusCode()).isEqualTo(204);
    assertThat(handshakeFrom("192.0.2.32", "mallory").status()).isEqualTo(101);
  }

  @Test
  void recordsEveryChangeAsAnAdminChangeAndABlockEvent() {
    admin().post("/admin/blocks", "{\"address\":\"192.0.2.77\",\"seconds\":60,\"reason\":\"audit me\"}");
    admin().delete("/admin/blocks/192.0.2.77");
    JsonNode events = json(admin().get("/admin/events?kind=admin_change&limit=2")).get("events");
    assertThat(events).hasSize(2);
    assertThat(events.get(0).get("action").asText()).isEqualTo("lift");
    assertThat(events.get(1).get("action").asText()).isEqualTo("block");
    assertThat(events.get(1).get("target").asText()).isEqualTo("192.0.2.77");
    assertThat(events.get(1).get("actor").asText()).isEqualTo("static-token");
    assertThat(events.get(1).get("address").asText()).isEqualTo("198.51.100.20");
    assertThat(events.get(1).get("reason").asText()).isEqualTo("audit me");

    JsonNode blocked = json(admin().get("/admin/events?kind=address_blocked&limit=1")).get("events");
    assertThat(blocked.get(0).get("address").asText()).isEqualTo("192.0.2.77");
    assertThat(blocked.get(0).get("offence").asLong()).isZero();
    JsonNode unblocked = json(admin().get("/admin/events?kind=address_unblocked&limit=1")).get("events");
    assertThat(unblocked.get(0).get("address").asText()).isEqualTo("192.0.2.77");
    assertThat(unblocked.get(0).get("reason").asText()).isEqualTo("lifted");
  }

  @Test
  void refusesEachBadBodyNamingTheField() {
    String reason201 = "r".repeat(201);
    String[][] cases = {
        {"{\"address\":\"300.1.2.3\",\"seconds\":60}", "address"},
        {"{\"address\":\"example.com\",\"seconds\":60}", "address"},
        {"{\"address\":\"10.0.0.0/33\",\"seconds\":60}", "address"},
        {"{\"address\":\"0.0.0.0/0\",\"seconds\":60}", "address"},
        {"{\"address\":\"::/0\",\"seconds\":60}", "address"},
        {"{\"address\":\"10.0.0.0/7\",\"seconds\":60}", "address"},
        {"{\"address\":\"2001:db8::/15\",\"seconds\":60}", "address"},
        {"{\"address\":\"198.51.100.0/24\",\"seconds\":60}", "address"},
        {"{\"address\":\"198.51.100.20\",\"seconds\":60}", "address"},
        {"{\"address\":\"127.0.0.0/8\",\"seconds\":60}", "address"},
        {"{\"address\":\"192.0.2.1\",\"seconds\":0}", "seconds"},
        {"{\"address\":\"192.0.2.1\",\"seconds\":-5}", "seconds"},
        {"{\"address\":\"192.0.2.1\",\"seconds\":2592001}", "seconds"},
        {"{\"address\":\"192.0.2.1\",\"seconds\":\"60\"}", "seconds"},
        {"{\"address\":\"192.0.2.1\",\"seconds\":1.5}", "seconds"},
        {"{\"address\":\"192.0.2.1\",\"reason\":\"" + reason201 + "\"}", "reason"},
        {"{\"address\":\"192.0.2.1\",\"reason\":\"line\\nbreak\"}", "reason"},
        {"{\"address\":\"192.0.2.1\",\"until\":\"tomorrow\"}", "until"},
        {"{\"subject\":\"\",\"seconds\":60}", "subject"},
        {"{\"address\":\"192.0.2.1\",\"address\":\"192.0.2.2\"}", "body"},
        {"{\"address\":", "body"},
        {"[]", "body"},
    };
    for (String[] c : cases) {
      HttpResponse<String> answer = admin().post("/admin/blocks", c[0]);
      assertThat(answer.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(json(answer).get("error").asText()).isEqualTo("bad_request");
      assertThat(json(answer).get("fields")).as(c[0]).extracting(JsonNode::asText).containsExactly(c[1]);
    }
    for (String both : new String[] {"{\"address\":\"192.0.2.1\",\"subject\":\"x\"}", "{\"seconds\":60}"}) {
      HttpResponse<String> answer = admin().post("/admin/blocks", both);
      assertThat(answer.statusCode()).isEqualTo(400);
      assertThat(json(answer).get("fields")).extracting(JsonNode::asText).containsExactly("address", "subject");
    }
    assertThat(targets()).doesNotContain("192.0.2.1");
  }

  @Test
  void refusesABodyThatIsNotJsonAndABadTarget() {
    HttpResponse<String> text = admin().header("Content-Type", "text/plain").post("/admin/blocks", "192.0.2.1");
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(text.body()).isEqualTo("{\"error\":\"unsupported_media_type\"}");
    HttpResponse<String> badTarget = admin().delete("/admin/blocks/not-an-address");
    assertThat(badTarget.statusCode()).isEqualTo(400);
    assertThat(json(badTarget).get("fields").get(0).asText()).isEqualTo("target");
  }
}
