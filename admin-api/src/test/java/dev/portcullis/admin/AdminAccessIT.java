package dev.portcullis.admin;

import static dev.portcullis.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.admin.http.AdminSurface;
import dev.portcullis.admin.http.Route;
import dev.portcullis.testkit.PortcullisServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who reaches which route: the address restriction first, then the bearer token, on every route there is. */
class AdminAccessIT {

  @RegisterExtension
  static PortcullisServer server = AdminNodes.server();

  /** Each refused attempt comes from its own address, so no test trips another's failed-auth block. */
  private static final AtomicInteger NEXT = new AtomicInteger(10);

  private static AdminClient fresh() {
    return AdminClient.of(server.port(), "198.51.100." + NEXT.getAndIncrement());
  }

  private static String concrete(Route route) {
    return route.template().replace("{target}", "198.51.100.251").replace("{id}", "no-such-connection")
        .replace("{file}", "index.html");
  }

  private static HttpResponse<String> call(AdminClient client, Route route) {
    return client.send(route.method(), concrete(route), route.method().equals("POST") ? "{}" : null);
  }

  private static Iterable<Route> routes() {
    return server.injector().getInstance(AdminSurface.class).router().routes();
  }

  @Test
  void refusesEveryRouteButHealthFromOutsideTheAdminAddresses() {
    for (Route route : routes()) {
      HttpResponse<String> answer = call(AdminClient.of(server.port(), AdminNodes.OUTSIDER)
          .bearer(AdminNodes.ADMIN_TOKEN), route);
      if (route.access() == Route.Access.PUBLIC) {
        assertThat(answer.statusCode()).as(route.template()).isEqualTo(200);
      } else {
        assertThat(answer.statusCode()).as(route.template()).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("{\"error\":\"forbidden\"}");
      }
    }
  }

  @Test
  void asksEveryTokenRouteForABearerToken() {
    for (Route route : routes()) {
      if (route.access() != Route.Access.TOKEN) {
        continue;
      }
      HttpResponse<String> none = call(fresh(), route);
      assertThat(none.statusCode()).as(route.template()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(none.body()).isEqualTo("{\"error\":\"unauthorized\"}");

      HttpResponse<String> wrong = call(fresh().bearer("not-the-admin-token"), route);
      assertThat(wrong.statusCode()).as(route.template()).isEqualTo(401);
    }
  }

  @Test
  void forbidsAValidTokenWithoutTheAdminRole() {
    String user = server.minter().subject("alice").roles("user").mint();
    for (Route route : routes()) {
      if (route.access() == Route.Access.TOKEN) {
        HttpResponse<String> answer = call(fresh().bearer(user), route);
        assertThat(answer.statusCode()).as(route.template()).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("{\"error\":\"forbidden\"}");
      }
    }
  }

  @Test
  void refusesARevokedAdminJwtAsUnauthorized() {
    String admin = server.minter().subject("former-admin").roles("admin").jti("admin-token-7").mint();
    assertThat(fresh().bearer(admin).get("/admin/blocks").statusCode()).isEqualTo(200);

    assertThat(fresh().bearer(AdminNodes.ADMIN_TOKEN)
        .post("/admin/revocations", "{\"tokenId\":\"admin-token-7\",\"reason\":\"left the team\"}")
        .statusCode()).isEqualTo(201);

    HttpResponse<String> revoked = fresh().bearer(admin).get("/admin/blocks");
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(revoked.body()).isEqualTo("{\"error\":\"unauthorized\"}");
  }

  @Test
  void admitsTheStaticTokenAndAnAdminJwtOnEveryTokenRoute() {
    String admin = server.minter().subject("root").roles("user", "admin").mint();
    for (Route route : routes()) {
      if (route.access() != Route.Access.TOKEN) {
        continue;
      }
      for (String token : new String[] {AdminNodes.ADMIN_TOKEN, admin}) {
        HttpResponse<String> answer = call(fresh().bearer(token), route);
        assertThat(answer.statusCode()).as(route.method() + " " + route.template()).isNotIn(401, 403);
      }
    }
  }

  @Test
  void admitsARolesClaimGivenAsASpaceSeparatedString() {
    String admin = server.minter().subject("root").claim("roles", "ops admin").mint();
    assertThat(fresh().bearer(admin).get("/admin/blocks").statusCode()).isEqualTo(200);
  }

  @Test
  void servesTheDashboardAndMetricsToAdminAddressesWithoutAToken() {
    HttpResponse<String> page = fresh().get("/admin/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
        assertThat(csp).contains("default-src 'self'"));
    assertThat(fresh().get("/metrics").statusCode()).isEqualTo(200);
    assertThat(fresh().get("/admin").statusCode()).isEqualTo(308);
  }

  @Test
  void servesNoFileOutsideTheDashboardDirectory() {
    for (String path : new String[] {"/admin/..%2F..%2Fpom.xml", "/admin/%2e%2e/pom.xml", "/admin/.hidden.html",
        "/admin/dashboard", "/admin/AdminPlugin.class", "/admin/no-such-file.js"}) {
      assertThat(fresh().get(path).statusCode()).as(path).isIn(400, 404);
    }
    HttpResponse<String> icon = fresh().get("/admin/favicon.svg");
    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
  }

  @Test
  void refusesTokensAnywhereButOneStrictBearerHeader() {
    String[] malformed = {"Basic " + AdminNodes.ADMIN_TOKEN, "Bearer " + AdminNodes.ADMIN_TOKEN + ";",
        "Bearer", AdminNodes.ADMIN_TOKEN, "Bearer " + AdminNodes.ADMIN_TOKEN + " x"};
    for (String value : malformed) {
      assertThat(fresh().header("Authorization", value).get("/admin/blocks").statusCode()).as(value).isEqualTo(401);
    }
    assertThat(fresh().get("/admin/blocks?token=" + AdminNodes.ADMIN_TOKEN).statusCode()).isEqualTo(401);
    assertThat(fresh().header("Authorization", "bearer " + AdminNodes.ADMIN_TOKEN).get("/admin/blocks").statusCode())
        .isEqualTo(200);
  }

  @Test
  void blocksAnAddressAfterRepeatedFailedAttemptsLikeAnyOther() {
    AdminClient attacker = AdminClient.of(server.port(), "198.51.100.240");
    for (int i = 0; i < AdminNodes.MAX_FAILED_AUTH; i++) {
      assertThat(attacker.bearer("guess-" + i).get("/admin/blocks").statusCode()).isEqualTo(401);
    }
    HttpResponse<String> locked = attacker.bearer(AdminNodes.ADMIN_TOKEN).get("/admin/blocks");
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    assertThat(json(locked).get("error").asText()).isEqualTo("blocked");

    HttpResponse<String> stats = fresh().bearer(AdminNodes.ADMIN_TOKEN).get("/admin/websocket-security");
    assertThat(json(stats).at("/failedAuth/byAddress").findValuesAsText("address")).contains("198.51.100.240");
  }

  @Test
  void answersUnknownRoutesNotFoundAndWrongMethodsWithAllow() {
    AdminClient admin = fresh().bearer(AdminNodes.ADMIN_TOKEN);
    assertThat(admin.get("/admin/nothing-here").statusCode()).isEqualTo(404);
    assertThat(admin.get("/admin/blocks/x/y").statusCode()).isEqualTo(404);
    HttpResponse<String> wrong = admin.send("PUT", "/admin/blocks", "{}");
    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(wrong.headers().firstValue("Allow")).hasValue("GET, OPTIONS, POST");
    assertThat(admin.delete("/admin/websocket-security").statusCode()).isEqualTo(405);
  }

  @Test
  void sendsCorsHeadersOnlyToAnAllowedOrigin() {
    HttpResponse<String> preflight = fresh().header("Origin", AdminNodes.CONSOLE)
        .header("Access-Control-Request-Method", "DELETE").send("OPTIONS", "/admin/blocks/198.51.100.9", null);
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(AdminNodes.CONSOLE);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("DELETE, OPTIONS");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(h ->
        assertThat(h).contains("Authorization"));

    HttpResponse<String> evil = fresh().header("Origin", "https://console.example.com.evil.test")
        .header("Access-Control-Request-Method", "DELETE").send("OPTIONS", "/admin/blocks/198.51.100.9", null);
    assertThat(evil.statusCode()).as("a preflight from an unlisted origin is refused").isEqualTo(403);
    assertThat(json(evil).get("error").asText()).isEqualTo("origin_not_allowed");
    assertThat(evil.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
    HttpResponse<String> sandboxed = fresh().header("Origin", "null")
        .header("Access-Control-Request-Method", "DELETE").send("OPTIONS", "/admin/blocks/198.51.100.9", null);
    assertThat(sandboxed.statusCode()).as("the opaque origin 'null' is never allowed").isEqualTo(403);
    assertThat(fresh().send("OPTIONS", "/admin/blocks", null).statusCode()).as("a plain OPTIONS").isEqualTo(204);

    HttpResponse<String> allowed = fresh().bearer(AdminNodes.ADMIN_TOKEN).header("Origin", AdminNodes.CONSOLE)
        .get("/admin/blocks");
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(AdminNodes.CONSOLE);
    HttpResponse<String> other = fresh().bearer(AdminNodes.ADMIN_TOKEN).header("Origin", "https://other.example.com")
        .get("/admin/blocks");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    for (HttpResponse<String> answer : List.of(allowed, other, fresh().get("/admin/no-such-route"))) {
      assertThat(answer.headers().allValues("Vary")).as("a cache must not reuse one origin's answer for another")
          .anySatisfy(vary -> assertThat(vary).containsIgnoringCase("Origin"));
    }
  }

  @Test
  void guardsTheRefusalsMadeBeforeTheRouteRunsLikeItsOwnAnswers() throws Exception {
    HttpResponse<String> tooLarge = fresh().bearer(AdminNodes.ADMIN_TOKEN)
        .post("/admin/blocks", "{\"reason\":\"" + "x".repeat(20_000) + "\"}");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(json(tooLarge).get("error").asText()).isEqualTo("content_too_large");

    var chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
            + "/admin/blocks"))
        .header("X-Forwarded-For", "198.51.100." + NEXT.getAndIncrement())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() ->
            new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))))
        .build();
    HttpResponse<String> lengthRequired = HttpClient.newHttpClient()
        .send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(lengthRequired.statusCode()).isEqualTo(411);
    AdminClient.assertSecurityHeaders(lengthRequired);
  }

  @Test
  void answersHealthToAnyoneWithoutAToken() {
    HttpResponse<String> health = AdminClient.of(server.port(), AdminNodes.OUTSIDER).get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("status").asText()).isEqualTo("up");
    assertThat(json(health).get("live").asBoolean()).isTrue();
    assertThat(json(health).get("ready").asBoolean()).isTrue();
  }
}
