package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.app.Session;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.LeaseScope;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A socket upgraded without a token must authenticate with its first message within
 * {@code WS_AUTH_TIMEOUT} (1 s here); until then nothing reaches the application (CONTRACT §2, §3).
 */
class FirstMessageAuthIT {

  private static final String SECRET = "0123456789abcdef0123456789abcdef-test-only";
  private static final String UNAUTHENTICATED =
      "{\"type\":\"error\",\"code\":\"unauthenticated\",\"ref\":%s,\"message\":\"An error occurred\"}";
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start(b -> b.requireAuth(true).jwtSecret(SECRET).authTimeout(Duration.ofSeconds(1))
        .maxConnectionsPerUser(1).maxFailedAuth(1000));
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

  private static String unauthenticated(String ref) {
    return String.format(UNAUTHENTICATED, ref == null ? "null" : "\"" + ref + "\"");
  }

  @Test
  void opensTheSessionOnceTheFirstMessageAuthenticates() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      client.send("{\"type\":\"auth\",\"token\":\"good-alice\"}");
      assertThat(client.next()).isEqualTo("{\"type\":\"auth_ok\"}");

      Session session = server.handler.nextOpened();
      assertThat(session.principal()).hasValueSatisfying(p -> assertThat(p.subject()).isEqualTo("alice"));
      assertThat(server.registry().leased(LeaseScope.SUBJECT, "alice")).isEqualTo(1L);
      assertThat(server.auth.threads).last().asString().startsWith("portcullis-handshake");

      client.send("{\"id\":\"m1\",\"type\":\"track\"}");
      assertThat(client.next()).isEqualTo("{\"id\":\"m1\",\"type\":\"track\"}");
      assertThat(server.handler.received).containsExactly("{\"id\":\"m1\",\"type\":\"track\"}");
    }
    Eventually.equals("alice's slots", 0L, () -> server.registry().leased(LeaseScope.SUBJECT, "alice"));
  }

  @Test
  void closes1008AuthTimeoutWhenNoAuthArrivesInTime() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      long start = System.nanoTime();
      assertThat(client.awaitClose(Duration.ofSeconds(5))).isEqualTo(new WsClient.Close(1008, "auth_timeout"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(700), Duration.ofSeconds(4));
    }
    assertThat(server.handler.opened).isEmpty();
    Eventually.equals("node slots", 0L, server::totalLeases);
    assertThat(server.registry().connections()).isEmpty();
  }

  @Test
  void answersOtherMessagesUnauthenticatedAndNeverDeliversThem() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      client.send("{\"id\":\"c1-42\",\"type\":\"track\",\"timestamp\":1764280000.125,\"payload\":{}}");
      assertThat(client.next()).isEqualTo(unauthenticated("c1-42"));
      client.send("{\"id\":42,\"type\":\"track\"}");
      assertThat(client.next()).isEqualTo(unauthenticated(null));
      client.send("not json at all");
      assertThat(client.next()).isEqualTo(unauthenticated(null));
      client.send("[\"auth\"]");
      assertThat(client.next()).isEqualTo(unauthenticated(null));
      client.send("{\"type\":\"track\",\"type\":\"auth\",\"token\":\"good-mallory\"}"); // duplicate keys
      assertThat(client.next()).isEqualTo(unauthenticated(null));

      client.send("{\"type\":\"auth\",\"token\":\"good-carol\"}");
      assertThat(client.next()).isEqualTo("{\"type\":\"auth_ok\"}");
    }
    assertThat(server.handler.received).isEmpty();
  }

  @Test
  void refusesABadTokenAndCountsTheFailure() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      client.send("{\"id\":\"a1\",\"type\":\"auth\",\"token\":\"forged\"}");
      assertThat(client.next()).isEqualTo(unauthenticated("a1"));
      client.send("{\"type\":\"auth\"}");
      assertThat(client.next()).isEqualTo(unauthenticated(null));

      client.send("{\"type\":\"auth\",\"token\":\"good-dave\"}"); // may still authenticate before the timeout
      assertThat(client.next()).isEqualTo("{\"type\":\"auth_ok\"}");
    }
    assertThat(server.handler.received).isEmpty();
  }

  @Test
  void closes1008TooManyConnectionsWhenTheSubjectIsAtItsLimit() throws Exception {
    try (WsClient first = WsClient.connect(server.uri()); WsClient second = WsClient.connect(server.uri())) {
      first.send("{\"type\":\"auth\",\"token\":\"good-bob\"}");
      assertThat(first.next()).isEqualTo("{\"type\":\"auth_ok\"}");

      second.send("{\"type\":\"auth\",\"token\":\"good-bob\"}");
      assertThat(second.awaitClose()).isEqualTo(new WsClient.Close(1008, "too_many_connections"));
      assertThat(server.registry().leased(LeaseScope.SUBJECT, "bob")).isEqualTo(1L);
    }
    Eventually.equals("bob's slots", 0L, () -> server.registry().leased(LeaseScope.SUBJECT, "bob"));
  }

  @Test
  void skipsFirstMessageAuthenticationWhenTheHandshakeCarriedAValidToken() throws Exception {
    try (WsClient client = WsClient.connect(server.uri("token=good-erin"))) {
      Session session = server.handler.nextOpened();
      assertThat(session.principal()).hasValueSatisfying(p -> assertThat(p.subject()).isEqualTo("erin"));
      client.send("{\"type\":\"track\"}");
      assertThat(client.next()).isEqualTo("{\"type\":\"track\"}");
    }
  }

  @Test
  void blocksTheAddressAfterTooManyFailedFirstMessages() throws Exception {
    try (TestServer strict = TestServer.start(b -> b.requireAuth(true).jwtSecret(SECRET)
        .authTimeout(Duration.ofSeconds(5)).maxFailedAuth(2))) {
      BlockListPort blocks = strict.injector.getInstance(BlockListPort.class);
      try (WsClient client = WsClient.connect(strict.uri())) {
        client.send("{\"type\":\"auth\",\"token\":\"forged-1\"}");
        assertThat(client.next()).isEqualTo(unauthenticated(null));
        client.send("{\"type\":\"auth\",\"token\":\"forged-2\"}");
        assertThat(client.awaitClose()).isEqualTo(new WsClient.Close(1008, "blocked"));
      }
      assertThat(blocks.find("127.0.0.1")).hasValueSatisfying(b -> assertThat(b.reason()).isEqualTo("failed_auth"));
    }
  }
}
