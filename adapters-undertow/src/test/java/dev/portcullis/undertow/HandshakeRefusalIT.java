package dev.portcullis.undertow;

import static dev.portcullis.undertow.UpgradeProtocolIT.assertBareJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.policy.Verdict;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A policy's verdict, given off the IO thread and possibly late, becomes the exact HTTP answer. */
class HandshakeRefusalIT {

  private static final String SECRET = "0123456789abcdef0123456789abcdef-test-only";
  private static TestServer server;
  /** Requires a token; no first-message authentication ({@code WS_AUTH_TIMEOUT=0}). */
  private static TestServer authServer;

  @BeforeAll
  static void startServers() {
    server = TestServer.start();
    authServer = TestServer.start(b -> b.requireAuth(true).jwtSecret(SECRET).authTimeout(Duration.ZERO));
  }

  @AfterAll
  static void stopServers() {
    server.close();
    authServer.close();
  }

  @BeforeEach
  @AfterEach
  void allowEverything() {
    server.scripted.script = request -> Verdict.allow();
    server.capture.seen.clear();
  }

  @Test
  void answersARefusalWithItsStatusItsHeadersAndABareJsonBody() throws Exception {
    server.scripted.script = request -> Verdict.refuse("rate_limited", 429)
        .retryAfter(Duration.ofSeconds(7))
        .withHeader("RateLimit-Limit", "10")
        .withHeader("RateLimit-Remaining", "0")
        .withHeader("RateLimit-Reset", "7");

    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(server.path()));

    assertBareJson(response, 429, "rate_limited");
    assertThat(response.header("Retry-After")).isEqualTo("7");
    assertThat(response.header("RateLimit-Limit")).isEqualTo("10");
    assertThat(response.header("RateLimit-Remaining")).isEqualTo("0");
    assertThat(response.header("RateLimit-Reset")).isEqualTo("7");
    assertThat(response.has("Upgrade")).isFalse();
    assertThat(response.has("WWW-Authenticate")).isFalse();
  }

  @Test
  void releasesTheSlotsOfARefusedHandshake() throws Exception {
    server.scripted.script = request -> Verdict.refuse("origin_not_allowed", 403);

    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(server.path()));

    assertBareJson(response, 403, "origin_not_allowed");
    Eventually.equals("node slots", 0L, server::totalLeases);
  }

  @Test
  void dropsRefusalHeadersThatWouldSplitTheResponse() throws Exception {
    server.scripted.script = request -> Verdict.refuse("blocked", 403)
        .withHeader("X-Evil", "a\r\nSet-Cookie: stolen=1")
        .withHeader("Bad Name", "x")
        .withHeader("Content-Length", "99999")
        .withHeader("Retry-After", "30");

    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(server.path()));

    assertBareJson(response, 403, "blocked");
    assertThat(response.has("X-Evil")).isFalse();
    assertThat(response.has("Set-Cookie")).isFalse();
    assertThat(response.headers("Content-Length")).containsExactly("19");
    assertThat(response.header("Retry-After")).isEqualTo("30");
  }

  @Test
  void answersARefusalWithoutAnErrorStatusAs403() throws Exception {
    server.scripted.script = request -> Verdict.refuse("odd_plugin", 200);

    assertBareJson(RawHttp.send(server.port(), RawHttp.upgrade(server.path())), 403, "odd_plugin");
  }

  @Test
  void escapesTheRefusalCodeAsAJsonString() throws Exception {
    server.scripted.script = request -> Verdict.refuse("quote\"back\\slash", 403);

    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(server.path()));

    assertThat(response.body()).isEqualTo("{\"error\":\"quote\\\"back\\\\slash\"}");
  }

  @Test
  void refusesWith503WhenAPolicyThrows() throws Exception {
    server.scripted.script = request -> {
      throw new IllegalStateException("a broken plugin");
    };

    assertBareJson(RawHttp.send(server.port(), RawHttp.upgrade(server.path())), 503, "unavailable");
    Eventually.equals("node slots", 0L, server::totalLeases);
  }

  @Test
  void asksForABearerTokenWhenNoneWasPresented() throws Exception {
    RawResponse response = RawHttp.send(authServer.port(), RawHttp.upgrade(authServer.path()));

    assertBareJson(response, 401, "unauthorized");
    assertThat(response.headers("WWW-Authenticate")).containsExactly("Bearer");
  }

  @Test
  void saysInvalidTokenWhenThePresentedTokenWasRefused() throws Exception {
    RawResponse response = RawHttp.send(authServer.port(), RawHttp.upgrade(authServer.path())
        .header("Authorization", "Bearer forged-token"));

    assertBareJson(response, 401, "unauthorized");
    assertThat(response.headers("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_token\"");
  }

  @Test
  void saysInvalidTokenForARefusedQueryToken() throws Exception {
    RawResponse response = RawHttp.send(authServer.port(), RawHttp.upgrade(authServer.path() + "?token=forged"));

    assertBareJson(response, 401, "unauthorized");
    assertThat(response.headers("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_token\"");
  }

  @Test
  void keepsAWwwAuthenticateHeaderThePolicySetItself() throws Exception {
    server.scripted.script = request -> Verdict.refuse("unauthorized", 401)
        .withHeader("WWW-Authenticate", "Bearer realm=\"portcullis\"");

    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(server.path()));

    assertThat(response.headers("WWW-Authenticate")).containsExactly("Bearer realm=\"portcullis\"");
  }

  @Test
  void admitsAValidTokenAndHandsItsPrincipalToTheApplication() throws Exception {
    authServer.handler.clear();
    try (WsClient client = WsClient.connect(authServer.uri(), b -> b.header("Authorization", "Bearer good-alice"))) {
      assertThat(authServer.handler.nextOpened().principal()).hasValueSatisfying(p ->
          assertThat(p.subject()).isEqualTo("alice"));
      client.send("hi");
      assertThat(client.next()).isEqualTo("hi");
    }
  }

  @Test
  void judgesHandshakesOnTheHandshakeWorkersNotOnAnIoThread() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      assertThat(server.capture.seen.poll(5, TimeUnit.SECONDS).thread()).startsWith("portcullis-handshake");
    }
  }

  @Test
  void answersADelayedRefusalOnlyWhenItIsDue() throws Exception {
    server.scripted.script = request -> Verdict.refuse("rate_limited", 429).answeredAfter(Duration.ofMillis(400));

    long start = System.nanoTime();
    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(server.path()));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertBareJson(response, 429, "rate_limited");
  }

  @Test
  void upgradesAfterADelayVerdict() throws Exception {
    server.scripted.script = request -> Verdict.delay(Duration.ofMillis(300));

    long start = System.nanoTime();
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()))) {
      assertThat(ws.handshake().status()).isEqualTo(101);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
  }

  @Test
  void aVerdictThatTakesLongDoesNotHoldUpOtherHandshakes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch slowArrived = new CountDownLatch(1);
    server.scripted.script = request -> {
      if ("http://slow.example".equals(request.origin())) {
        slowArrived.countDown();
        try {
          release.await(10, TimeUnit.SECONDS); // a policy waiting on I/O, occupying its worker
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Verdict.allow();
    };
    CompletableFuture<RawResponse> slow = CompletableFuture.supplyAsync(() -> {
      try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()).header("Origin", "http://slow.example"))) {
        return ws.handshake();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(slowArrived.await(5, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    try (RawWebSocket fast = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()))) {
      assertThat(fast.handshake().status()).isEqualTo(101);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(slow).isNotDone();

    release.countDown();
    assertThat(slow.get(5, TimeUnit.SECONDS).status()).isEqualTo(101);
  }
}
