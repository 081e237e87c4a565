package dev.portcullis.admin;

import static dev.portcullis.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The recent security events: newest first, filtered by kind and address, bounded, never a token. */
class EventsIT {

  @RegisterExtension
  static PortcullisServer server = AdminNodes.server();

  private static AdminClient admin() {
    return AdminClient.of(server.port(), "198.51.100.40").bearer(AdminNodes.ADMIN_TOKEN);
  }

  @Test
  void listsRecentEventsNewestFirstFilteredByKindAndAddress() {
    String badToken = server.minter().subject("x").mint() + "tampered";
    RawHandshake.to(server.uri()).header("X-Forwarded-For", "192.0.2.71").bearer(badToken).send();
    RawHandshake.to(server.uri()).header("X-Forwarded-For", "192.0.2.72").header("Origin", "https://evil.test")
        .bearer(server.minter().subject("y").mint()).send();

    JsonNode all = json(admin().get("/admin/events")).get("events");
    assertThat(all.size()).isGreaterThanOrEqualTo(3);
    assertThat(all.get(0).get("event").asText()).isEqualTo("connection_refused");
    assertThat(all.get(0).get("address").asText()).isEqualTo("192.0.2.72");
    assertThat(all.get(0).get("reason").asText()).isEqualTo("origin_not_allowed");
    assertThat(all.get(0).get("time").asText()).endsWith("Z");
    assertThat(all.toString()).doesNotContain(badToken).doesNotContain(badToken.substring(0, 20));

    JsonNode failed = json(admin().get("/admin/events?kind=authentication_failed&address=192.0.2.71")).get("events");
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).get("reason").asText()).isEqualTo("bad_signature");
    assertThat(failed.get(0).get("carrier").asText()).isEqualTo("header");

    assertThat(json(admin().get("/admin/events?address=192.0.2.71")).get("events").findValuesAsText("event"))
        .containsExactly("connection_refused", "authentication_failed");
    assertThat(json(admin().get("/admin/events?limit=1")).get("events")).hasSize(1);
  }

  @Test
  void refusesBadFilters() {
    assertThat(admin().get("/admin/events?limit=0").statusCode()).isEqualTo(400);
    assertThat(admin().get("/admin/events?limit=1001").statusCode()).isEqualTo(400);
    assertThat(admin().get("/admin/events?limit=ten").statusCode()).isEqualTo(400);
    assertThat(admin().get("/admin/events?kind=Bad-Kind").statusCode()).isEqualTo(400);
    assertThat(admin().get("/admin/events?address=not-an-ip").statusCode()).isEqualTo(400);
    assertThat(admin().get("/admin/events?limit=1&limit=2").statusCode()).isEqualTo(400);
  }
}
