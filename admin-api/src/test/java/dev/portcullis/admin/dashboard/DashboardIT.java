package dev.portcullis.admin.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent;
import static org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.numberOfElementsToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.TestWebSocket;
import dev.portcullis.testkit.TokenMinter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

/**
 * Issue 4, the dashboard end to end: a real node with the admin surface on the class path, real WebSocket
 * traffic of a known shape, and {@code GET /admin/} driven in a real headless Chromium. What the page shows
 * is checked against the traffic made, and what it does (lifting a block) against the admin API.
 */
class DashboardIT {

  static final String SECRET = "dashboard-it-secret-long-enough-for-hs256!";
  static final String ADMIN_TOKEN = "dashboard-it-admin-token-7f3c9a1e5b2d";
  /** A loopback address of its own, so that its refusals are told apart from the browser's requests. */
  static final String OFFENDER = "127.0.0.66";
  static final String BLOCKED = "198.51.100.7";
  static final String HOSTILE_BLOCKED = "198.51.100.8";
  static final String HOSTILE_REASON = "<img src=x onerror=alert(1)>";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension
  final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).adminToken(ADMIN_TOKEN));

  @TempDir
  Path profile;

  private final List<TestWebSocket> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(TestWebSocket::close);
  }

  @Test
  void showsTheLiveTrafficBlocksEventsAndOffendersAndLiftsABlock() throws Exception {
    TestWebSocket alice = makeKnownTraffic();
    block(BLOCKED, "test");
    block(HOSTILE_BLOCKED, HOSTILE_REASON);

    try (Chromium chromium = Chromium.launch(profile)) {
      WebDriver page = chromium.driver();
      page.get(dashboardUri().toString());
      chromium.await().until(visibilityOfElementLocated(By.id("token")));
      assertThat(page.findElement(By.id("dashboard")).isDisplayed()).isFalse();

      signIn(chromium, "not-the-admin-token");
      chromium.await().until(visibilityOfElementLocated(By.id("login-error")));
      assertThat(page.findElement(By.id("login-error")).getText()).contains("not accepted (401)");
      assertThat(page.findElement(By.id("dashboard")).isDisplayed()).isFalse();
      assertThat(chromium.takeSevereConsoleEntries())
          .as("the refused token costs one request, and Chromium reports its 401, nothing else")
          .singleElement()
          .extracting(LogEntry::getMessage).asString()
          .contains("/admin/websocket-security").contains("401");

      signIn(chromium, ADMIN_TOKEN);
      chromium.await().until(visibilityOfElementLocated(By.id("dashboard")));
      chromium.await().until(invisibilityOfElementLocated(By.id("login")));
      assertThat(keptAnywhereButMemory(page)).as("localStorage, sessionStorage, cookies, URL, the field")
          .isEqualTo(List.of(0L, 0L, "", dashboardUri().toString(), ""));

      showsTheTrafficMade(chromium);
      showsEventsOffendersBlocksAndChecklist(chromium);
      showsWhatHappensAfterSignInWithinAPoll(chromium, alice);
      chromium.screenshot(Path.of("target", "dashboard.png"));

      page.findElement(By.cssSelector(blockRowCss(BLOCKED) + " button")).click();
      chromium.await().until(alertIsPresent()).accept();
      chromium.await().until(numberOfElementsToBe(By.cssSelector(blockRowCss(BLOCKED)), 0));
      assertThat(page.findElement(By.id("blocks-message")).getText()).isEqualTo("Lifted the block on " + BLOCKED + ".");
      awaitText(chromium, "blocked-count", "1");
      assertThat(blockTargets()).containsExactly(HOSTILE_BLOCKED);

      assertThat(chromium.takeSevereConsoleEntries()).as("console errors once signed in").isEmpty();

      page.findElement(By.id("sign-out")).click();
      chromium.await().until(visibilityOfElementLocated(By.id("token")));
      assertThat(page.findElement(By.id("dashboard")).isDisplayed()).isFalse();
      assertThat(page.findElements(By.cssSelector("#blocks-table tbody tr, #events-table tbody tr")))
          .as("what the token showed goes with it").isEmpty();
    }
  }

  @Test
  void aValidTokenWithoutTheAdminRoleIsToldWhatItLacks() {
    try (Chromium chromium = Chromium.launch(profile)) {
      WebDriver page = chromium.driver();
      page.get(dashboardUri().toString());
      chromium.await().until(visibilityOfElementLocated(By.id("token")));

      signIn(chromium, minter().subject("viewer").roles("support").mint());

      chromium.await().until(visibilityOfElementLocated(By.id("login-error")));
      assertThat(page.findElement(By.id("login-error")).getText()).contains("does not carry the admin role (403)");
      assertThat(page.findElement(By.id("dashboard")).isDisplayed()).isFalse();
      assertThat(chromium.takeSevereConsoleEntries()).singleElement()
          .extracting(LogEntry::getMessage).asString().contains("403");
    }
  }

  /** Three admitted (one since closed), three refused; four messages, one of them refused. */
  private static void showsTheTrafficMade(Chromium chromium) {
    WebDriver page = chromium.driver();
    awaitText(chromium, "active-connections", "2");
    awaitText(chromium, "accepted-connections", "3");
    awaitText(chromium, "rejected-connections", "3");
    awaitText(chromium, "messages-received", "4");
    awaitText(chromium, "messages-accepted", "3");
    awaitText(chromium, "messages-rejected", "1");
    // One bad token from the WebSocket client, two from the offender, one wrong admin token.
    awaitText(chromium, "failed-auths", "4");
    awaitText(chromium, "blocked-count", "2");
    assertThat(textOf(page, "#handshake-reasons li[data-code='unauthorized'] .count")).isEqualTo("3");
    assertThat(textOf(page, "#message-codes li[data-code='invalid_format'] .count")).isEqualTo("1");
  }

  /** The refusals among the events, the offender with its failed authentications, both blocks, the checklist. */
  private void showsEventsOffendersBlocksAndChecklist(Chromium chromium) throws IOException, InterruptedException {
    WebDriver page = chromium.driver();
    chromium.await().until(numberOfElementsToBe(
        By.cssSelector("#events-table tr[data-kind='connection_refused']"), 3));
    assertThat(cells(page, "#events-table tr[data-kind='connection_refused']"))
        .filteredOn(row -> row.get(2).equals(OFFENDER))
        .hasSize(2)
        .allSatisfy(row -> assertThat(row.get(3)).isEqualTo("unauthorized"));
    assertThat(cells(page, "#events-table tr[data-kind='authentication_failed']"))
        .anySatisfy(row -> assertThat(row.get(2)).isEqualTo(OFFENDER));

    assertThat(cells(page, "#offenders-table tr[data-address='" + OFFENDER + "']"))
        .singleElement().satisfies(row -> assertThat(row).startsWith(OFFENDER, "2"));

    assertThat(cells(page, blockRowCss(BLOCKED)))
        .singleElement().satisfies(row -> assertThat(row).startsWith(BLOCKED, "address", "test"));
    assertThat(cells(page, blockRowCss(HOSTILE_BLOCKED)))
        .as("data is shown as text, never as markup")
        .singleElement().satisfies(row -> assertThat(row.get(2)).isEqualTo(HOSTILE_REASON));
    assertThat(page.findElements(By.cssSelector("#blocks-table img"))).isEmpty();

    assertThat(page.findElements(By.cssSelector("#checklist li[data-id]"))).as("one entry per item of the checklist")
        .hasSize(adminGet("checklist").path("items").size());
    assertThat(page.findElements(By.cssSelector("#checklist-attention li[data-status='pass']"))).isEmpty();
  }

  /** A client and a message after sign-in show in the tiles and, counted from the page's start, in the charts. */
  private void showsWhatHappensAfterSignInWithinAPoll(Chromium chromium, TestWebSocket alice) {
    WebDriver page = chromium.driver();
    clients.add(connect(minter().subject("dave").mint()));
    String later = message("m-later");
    alice.send(later);
    assertThat(alice.awaitMessage(Chromium.WAIT)).isEqualTo(later);
    awaitText(chromium, "active-connections", "3");
    awaitText(chromium, "messages-accepted", "4");
    chromium.await().until(textToBePresentInElementLocated(By.id("chart-handshakes-summary"), "1 admitted, 0 refused"));
    chromium.await().until(textToBePresentInElementLocated(By.id("chart-messages-summary"), "1 accepted, 0 refused"));
    assertThat(page.findElements(By.cssSelector("#chart-handshakes rect.bar-good"))).hasSize(1);
    assertThat(page.findElements(By.cssSelector("#chart-handshakes rect.bar-bad"))).isEmpty();
  }

  /**
   * From {@code 127.0.0.1}: three admitted clients (one closed again) and one refused for a malformed token;
   * four messages on one socket, one of them not JSON. From {@link #OFFENDER}: two handshakes with a token
   * signed by another key.
   *
   * @return the client that sent the messages, still open
   */
  private TestWebSocket makeKnownTraffic() {
    TestWebSocket alice = connect(minter().subject("alice").mint());
    clients.add(alice);
    clients.add(connect(minter().subject("bob").mint()));
    connect(minter().subject("carol").mint()).close();
    for (int i = 1; i <= 3; i++) {
      String message = message("m-" + i);
      alice.send(message);
      assertThat(alice.awaitMessage(Chromium.WAIT)).isEqualTo(message);
    }
    alice.send("not json");
    assertThat(alice.awaitMessage(Chromium.WAIT)).contains("\"code\":\"invalid_format\"");

    assertThatThrownBy(() -> connect("not-a-jwt"))
        .isInstanceOfSatisfying(TestWebSocket.UpgradeRefusedException.class, e -> assertThat(e.status()).isEqualTo(401));
    String forged = TokenMinter.hmac("a-different-secret-that-is-also-long-enough!").subject("mallory").mint();
    for (int i = 0; i < 2; i++) {
      assertThat(RawHandshake.to(server.uri()).from(OFFENDER).bearer(forged).send().status()).isEqualTo(401);
    }
    return alice;
  }

  private TestWebSocket connect(String token) {
    return TestWebSocket.to(server.uri()).bearer(token).connect();
  }

  private TokenMinter minter() {
    return server.minter();
  }

  private static String message(String id) {
    return "{\"id\":\"" + id + "\",\"type\":\"track\",\"timestamp\":" + Instant.now().getEpochSecond() + ",\"payload\":{}}";
  }

  private static void signIn(Chromium chromium, String token) {
    WebElement field = chromium.driver().findElement(By.id("token"));
    field.clear();
    field.sendKeys(token);
    chromium.driver().findElement(By.id("sign-in")).click();
  }

  private static void awaitText(Chromium chromium, String id, String text) {
    chromium.await().withMessage("#" + id + " to read " + text).until(textToBe(By.id(id), text));
  }

  private static String textOf(WebDriver page, String css) {
    return page.findElement(By.cssSelector(css)).getText();
  }

  /** Everywhere a page could leave the token behind: only memory may hold it. */
  private static List<?> keptAnywhereButMemory(WebDriver page) {
    return (List<?>) ((JavascriptExecutor) page).executeScript(
        "return [localStorage.length, sessionStorage.length, document.cookie, location.href,"
            + " document.getElementById('token').value];");
  }

  private static String blockRowCss(String target) {
    return "#blocks-table tr[data-target='" + target + "']";
  }

  /**
   * The text of every cell of the rows {@code rowCss} selects, read in one script: the page redraws a
   * table when its data changes, which would leave element handles from several calls stale.
   */
  @SuppressWarnings("unchecked")
  private static List<List<String>> cells(WebDriver page, String rowCss) {
    return (List<List<String>>) ((JavascriptExecutor) page).executeScript(
        "return [...document.querySelectorAll(arguments[0])].map(row => [...row.cells].map(cell => cell.textContent));",
        rowCss);
  }

  private URI dashboardUri() {
    return URI.create("http://127.0.0.1:" + server.port() + "/admin/");
  }

  private void block(String address, String reason) throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(Map.of("address", address, "seconds", 600, "reason", reason));
    HttpResponse<String> response = HTTP.send(admin("blocks").POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("POST /admin/blocks: %s", response.body()).isBetween(200, 299);
  }

  private List<String> blockTargets() throws IOException, InterruptedException {
    List<String> targets = new ArrayList<>();
    adminGet("blocks").path("blocks").forEach(block -> targets.add(block.path("target").asText()));
    return targets;
  }

  private JsonNode adminGet(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(admin(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET /admin/%s", path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpRequest.Builder admin(String path) {
    return HttpRequest.newBuilder(dashboardUri().resolve(path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + ADMIN_TOKEN);
  }
}
