package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.app.Session;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A socket never outlives its token (AUTH-23): at the principal's {@code exp}, on the server's clock
 * (moved by the test), it closes {@code 1008 token_expired}, unless an {@code auth} message brought a
 * fresh token of the same subject first. A token of another subject is refused {@code unauthenticated}
 * and changes nothing. Tokens are {@code good-<subject>@<exp>} (see {@link TestAuthPort}).
 */
class TokenLifetimeIT {

  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private static final String AUTH_OK = "{\"type\":\"auth_ok\"}";
  private static MutableClock clock;
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    clock = new MutableClock(START);
    server = TestServer.start(b -> b.requireAuth(true).jwtSecret(TestServer.SECRET).authTimeout(Duration.ofSeconds(5)), TestServer.tuning(), clock);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void startClean() throws Exception {
    Eventually.equals("node slots", 0L, server::totalLeases);
    server.handler.clear();
  }

  private static String auth(String token) {
    return "{\"type\":\"auth\",\"token\":\"" + token + "\"}";
  }

  private static String authWithId(String id, String token) {
    return "{\"id\":\"" + id + "\",\"type\":\"auth\",\"token\":\"" + token + "\"}";
  }

  @Test
  void closes1008TokenExpiredAtTheTokensExpAndNotASecondBefore() throws Exception {
    Instant exp = clock.instant().plusSeconds(60);
    try (WsClient client = WsClient.connect(server.uri("token=" + TestAuthPort.token("ann", exp)))) {
      server.handler.nextOpened();
      clock.advance(Duration.ofSeconds(59));
      client.send("at 59 s");
      assertThat(client.next()).isEqualTo("at 59 s");

      clock.advance(Duration.ofSeconds(1));
      assertThat(client.awaitClose(Duration.ofSeconds(2))).isEqualTo(new WsClient.Close(1008, "token_expired"));
    }
    assertThat(server.handler.nextClosed().reason()).isEqualTo("token_expired");
    Eventually.equals("ann's slots", 0L, () -> server.subjectLeases("ann"));
  }

  @Test
  void processesNoMessageThatArrivesAfterTheTokensExp() throws Exception {
    MutableClock frozen = new MutableClock(START);
    // A sweep once an hour: only the check made on every message can close this socket.
    try (TestServer lazy = TestServer.start(b -> b.requireAuth(true).jwtSecret(TestServer.SECRET).authTimeout(Duration.ofSeconds(5)),
        TestServer.tuning().withSweepInterval(Duration.ofHours(1)), frozen)) {
      try (WsClient client = WsClient.connect(lazy.uri("token=" + TestAuthPort.token("bea", START.plusSeconds(10))))) {
        frozen.advance(Duration.ofSeconds(10));
        client.send("too late");
        assertThat(client.awaitClose()).isEqualTo(new WsClient.Close(1008, "token_expired"));
      }
      assertThat(lazy.handler.received).isEmpty();
    }
  }

  @Test
  void aFreshTokenOfTheSameSubjectKeepsTheSocketOpenUntilItsOwnExp() throws Exception {
    Instant firstExp = clock.instant().plusSeconds(60);
    Instant secondExp = clock.instant().plusSeconds(600);
    try (WsClient client = WsClient.connect(server.uri("token=" + TestAuthPort.token("cid", firstExp)))) {
      Session session = server.handler.nextOpened();
      clock.advance(Duration.ofSeconds(30));
      client.send(auth(TestAuthPort.token("cid", secondExp)));
      assertThat(client.next()).isEqualTo(AUTH_OK);
      assertThat(session.principal().map(Principal::expiresAt)).contains(secondExp);

      clock.advance(Duration.ofSeconds(60)); // past the first exp
      client.send("after the first exp");
      assertThat(client.next()).isEqualTo("after the first exp");
      assertThat(client.isClosed()).isFalse();

      clock.advance(Duration.ofSeconds(510)); // at the second exp
      assertThat(client.awaitClose(Duration.ofSeconds(2))).isEqualTo(new WsClient.Close(1008, "token_expired"));
    }
    assertThat(server.handler.received).containsExactly("after the first exp"); // the auth message never was
  }

  @Test
  void aFreshTokenOfAnotherSubjectIsRefusedUnauthenticatedAndTheOldExpiryStands() throws Exception {
    Instant exp = clock.instant().plusSeconds(60);
    try (WsClient client = WsClient.connect(server.uri("token=" + TestAuthPort.token("dee", exp)))) {
      Session session = server.handler.nextOpened();
      client.send(authWithId("swap-1", TestAuthPort.token("mallory", exp.plusSeconds(3600))));
      assertThat(client.next()).isEqualTo(MessagePathIT.error("unauthenticated", "swap-1"));
      assertThat(session.principal().map(Principal::subject)).contains("dee");
      assertThat(server.subjectLeases("mallory")).isZero();

      clock.advance(Duration.ofSeconds(60));
      assertThat(client.awaitClose(Duration.ofSeconds(2))).isEqualTo(new WsClient.Close(1008, "token_expired"));
    }
  }

  @Test
  void aBadFreshTokenIsRefusedUnauthenticatedAndTheSocketStaysOpen() throws Exception {
    try (WsClient client = WsClient.connect(server.uri("token=" + TestAuthPort.token("eve", clock.instant().plusSeconds(60))))) {
      server.handler.nextOpened();
      client.send(auth("forged"));
      assertThat(client.next()).isEqualTo(MessagePathIT.error("unauthenticated", null));
      client.send("still open");
      assertThat(client.next()).isEqualTo("still open");
    }
  }

  @Test
  void aFirstMessageTokenAlsoExpiresAndCanBeRefreshed() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      client.send(auth(TestAuthPort.token("fay", clock.instant().plusSeconds(60))));
      assertThat(client.next()).isEqualTo(AUTH_OK);
      client.send(auth(TestAuthPort.token("fay", clock.instant().plusSeconds(120))));
      assertThat(client.next()).isEqualTo(AUTH_OK);
      assertThat(server.subjectLeases("fay")).as("a refresh takes no second slot").isEqualTo(1L);

      clock.advance(Duration.ofSeconds(90));
      client.send("at 90 s");
      assertThat(client.next()).isEqualTo("at 90 s");
      clock.advance(Duration.ofSeconds(30));
      assertThat(client.awaitClose(Duration.ofSeconds(2))).isEqualTo(new WsClient.Close(1008, "token_expired"));
    }
  }

  @Test
  void aPrincipalWithoutATokenBehindItNeverExpires() throws Exception {
    try (WsClient client = WsClient.connect(server.uri("token=good-gus"))) {
      server.handler.nextOpened();
      clock.advance(Duration.ofDays(3650));
      assertThat(server.handler.closed.poll(500, TimeUnit.MILLISECONDS)).isNull();
      client.send("ten years on");
      assertThat(client.next()).isEqualTo("ten years on");
    }
  }
}
