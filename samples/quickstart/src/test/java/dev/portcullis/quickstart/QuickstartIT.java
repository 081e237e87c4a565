package dev.portcullis.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.core.inject.Portcullis;
import dev.portcullis.testkit.TestWebSocket;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The quickstart as a user meets it: {@link Quickstart#run} with a given environment, real sockets. */
class QuickstartIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SECRET = "quickstart-it-secret-of-more-than-32-bytes";
  private static final Pattern DASHBOARD =
      Pattern.compile("The admin dashboard: (http://\\S+/admin/) .*\\R(\\S+)");
  private static final Pattern WSCAT = Pattern.compile("wscat -c \"(ws://[^?\"]+)\\?token=([^\"]+)\"");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Portcullis node;

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void withNoKeyConfiguredPrintsATokenThatConnectsAndGetsItsMessageEchoedUnchanged() {
    node = started(run(Map.of("WS_HOST", "127.0.0.1", "WS_PORT", "0")));

    String printed = out.toString(StandardCharsets.UTF_8);
    Matcher wscat = WSCAT.matcher(printed);
    assertThat(wscat.find()).as("a wscat line in:%n%s", printed).isTrue();
    assertThat(wscat.group(1)).isEqualTo("ws://127.0.0.1:" + node.port() + "/ws");
    assertThat(printed).contains(wscat.group(2) + System.lineSeparator()) // the token alone on its own line too
        .containsIgnoringCase("only as long as the process");
    String message = envelope("q-1");
    try (TestWebSocket ws = TestWebSocket.to(URI.create(wscat.group(1) + "?token=" + wscat.group(2))).connect()) {
      ws.send(message);
      assertThat(ws.awaitMessage(WAIT)).isEqualTo(message);
    }
  }

  @Test
  void withNoKeyConfiguredPrintsTheDashboardAndAnAdminTokenThatOpensTheAdminApi() throws Exception {
    node = started(run(Map.of("WS_HOST", "127.0.0.1", "WS_PORT", "0")));

    String printed = out.toString(StandardCharsets.UTF_8);
    Matcher dashboard = DASHBOARD.matcher(printed);
    assertThat(dashboard.find()).as("a dashboard line in:%n%s", printed).isTrue();
    assertThat(dashboard.group(1)).isEqualTo("http://127.0.0.1:" + node.port() + "/admin/");
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest statistics = HttpRequest.newBuilder(URI.create(dashboard.group(1) + "websocket-security"))
        .header("Authorization", "Bearer " + dashboard.group(2)).build();
    assertThat(http.send(statistics, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    HttpRequest userToken = HttpRequest.newBuilder(URI.create(dashboard.group(1) + "websocket-security"))
        .header("Authorization", "Bearer " + tokenIn(printed)).build();
    assertThat(http.send(userToken, HttpResponse.BodyHandlers.ofString()).statusCode())
        .as("the echo user's token carries no admin role").isEqualTo(403);
  }

  @Test
  void generatesADifferentSecretForEveryRunSoAnOldRunsTokenIsRefused() {
    node = started(run(Map.of("WS_HOST", "127.0.0.1", "WS_PORT", "0")));
    String firstToken = tokenIn(out.toString(StandardCharsets.UTF_8));
    node.stop(Duration.ofSeconds(1));
    out.reset();

    node = started(run(Map.of("WS_HOST", "127.0.0.1", "WS_PORT", "0")));

    URI withOldToken = URI.create("ws://127.0.0.1:" + node.port() + "/ws?token=" + firstToken);
    TestWebSocket.UpgradeRefusedException refused = catchThrowableOfType(TestWebSocket.UpgradeRefusedException.class,
        () -> TestWebSocket.to(withOldToken).connect());
    assertThat(refused).isNotNull();
    assertThat(refused.status()).isEqualTo(401);
  }

  @Test
  void theTokenCommandsTokenIsAcceptedByAServerWithTheSameSecret() {
    Quickstart.Outcome minted = run(Map.of("WS_JWT_SECRET", SECRET),
        "token", "--subject", "alice", "--roles", "admin,ops", "--ttl", "120", "--sid", "s1");
    assertThat(minted).isEqualTo(new Quickstart.Exited(0));
    String token = out.toString(StandardCharsets.UTF_8).trim();
    Claims claims = Jwts.parser()
        .verifyWith(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).build()
        .parseSignedClaims(token).getPayload();
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.get("roles")).isEqualTo(List.of("admin", "ops"));
    assertThat(claims.get("sid", String.class)).isEqualTo("s1");
    assertThat(Duration.between(Instant.now(), claims.getExpiration().toInstant())).isBetween(
        Duration.ofSeconds(100), Duration.ofSeconds(121));
    out.reset();

    node = started(run(Map.of("WS_HOST", "127.0.0.1", "WS_PORT", "0", "WS_JWT_SECRET", SECRET)));

    assertThat(out.toString(StandardCharsets.UTF_8)).as("no generated token when a secret is configured")
        .doesNotContain("wscat");
    String message = envelope("t-1");
    try (TestWebSocket ws = TestWebSocket.to(URI.create("ws://127.0.0.1:" + node.port() + "/ws")).bearer(token)
        .connect()) {
      ws.send(message);
      assertThat(ws.awaitMessage(WAIT)).isEqualTo(message);
    }
  }

  @Test
  void echoesAValidTrackAndAnswersOneThatBreaksTheTrackSchemaWithPayloadInvalid() {
    node = started(run(Map.of("WS_HOST", "127.0.0.1", "WS_PORT", "0", "WS_JWT_SECRET", SECRET)));
    String token = run(Map.of("WS_JWT_SECRET", SECRET), "token", "--subject", "pat") instanceof Quickstart.Exited
        ? lastLine(out.toString(StandardCharsets.UTF_8)) : null;
    try (TestWebSocket ws = TestWebSocket.to(URI.create("ws://127.0.0.1:" + node.port() + "/ws")).bearer(token)
        .connect()) {
      String tooFast = track("s-1", "{\"name\":\"hello\",\"bpm\":4000,\"gain\":0,\"muted\":false}");
      ws.send(tooFast);
      assertThat(ws.awaitMessage(WAIT))
          .isEqualTo("{\"type\":\"error\",\"code\":\"payload_invalid\",\"ref\":\"s-1\",\"message\":\"An error occurred\"}");
      String unknownField = track("s-2", "{\"name\":\"hello\",\"bpm\":120,\"gain\":0,\"muted\":false,\"admin\":true}");
      ws.send(unknownField);
      assertThat(ws.awaitMessage(WAIT)).contains("\"code\":\"payload_invalid\"", "\"ref\":\"s-2\"");
      String valid = envelope("s-3");
      ws.send(valid);
      assertThat(ws.awaitMessage(WAIT)).isEqualTo(valid);
    }
  }

  private static String lastLine(String printed) {
    String[] lines = printed.trim().split("\\R");
    return lines[lines.length - 1].trim();
  }

  @Test
  void aBadEnvironmentExitsWithStatus2AndNamesEveryBadVariableWithoutAStackTrace() {
    Quickstart.Outcome outcome = run(Map.of(
        "WS_PORT", "eighty", "WS_MAX_CONNECTIONS_PER_IP", "0", "WS_PROFILE", "staging", "WS_JWT_SECRET", "tooShortSecret!"));

    assertThat(outcome).isEqualTo(new Quickstart.Exited(2));
    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(message).contains("WS_PORT", "WS_MAX_CONNECTIONS_PER_IP", "WS_PROFILE", "WS_JWT_SECRET")
        .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("tooShortSecret!");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void theTokenCommandWithoutASecretRefusesClearlyWithStatus2() {
    Quickstart.Outcome outcome = run(Map.of(), "token", "--subject", "alice");

    assertThat(outcome).isEqualTo(new Quickstart.Exited(2));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("WS_JWT_SECRET is not set");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void theTokenCommandWithoutASubjectShowsItsUsageWithStatus2() {
    Quickstart.Outcome outcome = run(Map.of("WS_JWT_SECRET", SECRET), "token", "--ttl", "60");

    assertThat(outcome).isEqualTo(new Quickstart.Exited(2));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--subject is required").contains("usage: token");
  }

  private Quickstart.Outcome run(Map<String, String> env, String... args) {
    return Quickstart.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Portcullis started(Quickstart.Outcome outcome) {
    assertThat(outcome).as("stderr: %s", err.toString(StandardCharsets.UTF_8)).isInstanceOf(Quickstart.Started.class);
    return ((Quickstart.Started) outcome).node();
  }

  private static String tokenIn(String printed) {
    Matcher wscat = WSCAT.matcher(printed);
    assertThat(wscat.find()).as("a wscat line in:%n%s", printed).isTrue();
    return wscat.group(2);
  }

  /** A message as CONTRACT §3 shapes it, stamped now, with a payload that satisfies {@link Track}. */
  static String envelope(String id) {
    return track(id, "{\"name\":\"hello\",\"bpm\":128,\"gain\":-3.5,\"muted\":false}");
  }

  static String track(String id, String payload) {
    return "{\"id\":\"" + id + "\",\"type\":\"track\",\"timestamp\":" + Instant.now().getEpochSecond()
        + ",\"payload\":" + payload + "}";
  }
}
