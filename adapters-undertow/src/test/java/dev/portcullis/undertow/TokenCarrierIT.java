package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.BearerToken.Carrier;
import dev.portcullis.core.model.HandshakeRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A token reaches the policies from each carrier of CONTRACT §2, and never goes back out: not in the
 * 101, not in a log line.
 */
class TokenCarrierIT {

  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0In0.c2VjcmV0LXNpZ25hdHVyZQ";
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void forgetEarlierRequests() {
    server.capture.seen.clear();
  }

  @Test
  void readsABearerTokenFromTheAuthorizationHeader() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path())
        .header("Authorization", "Bearer " + TOKEN))) {
      assertThat(ws.handshake().status()).isEqualTo(101);
      assertThat(server.capture.next().token()).isEqualTo(new BearerToken(TOKEN, Carrier.HEADER));
      assertNoHeaderHolds(ws.handshake(), TOKEN);
    }
  }

  @Test
  void readsTheBearerSchemeInAnyCase() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path())
        .header("Authorization", "bEaReR   " + TOKEN))) {
      assertThat(ws.handshake().status()).isEqualTo(101);
      assertThat(server.capture.next().token()).isEqualTo(new BearerToken(TOKEN, Carrier.HEADER));
    }
  }

  @Test
  void readsATokenFromTheQueryAndDoesNotEchoIt() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path() + "?room=7&token=" + TOKEN))) {
      assertThat(ws.handshake().status()).isEqualTo(101);
      assertThat(server.capture.next().token()).isEqualTo(new BearerToken(TOKEN, Carrier.QUERY));
      // Undertow's Hybi13 handshake would otherwise write the query into Sec-WebSocket-Location.
      assertNoHeaderHolds(ws.handshake(), TOKEN);
      assertNoHeaderHolds(ws.handshake(), "signature");
    }
  }

  @Test
  void readsATokenSubprotocolSelectsBearerAndNeverEchoesTheToken() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path())
        .header("Sec-WebSocket-Protocol", "bearer, bearer." + TOKEN))) {
      RawResponse response = ws.handshake();
      assertThat(response.status()).isEqualTo(101);
      assertThat(response.headers("Sec-WebSocket-Protocol")).containsExactly("bearer");
      assertThat(server.capture.next().token()).isEqualTo(new BearerToken(TOKEN, Carrier.SUBPROTOCOL));
      assertNoHeaderHolds(response, TOKEN);
    }
  }

  @Test
  void selectsBearerWhenTheTokenSubprotocolComesFirstInItsOwnHeader() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path())
        .header("Sec-WebSocket-Protocol", "bearer." + TOKEN)
        .header("Sec-WebSocket-Protocol", "bearer"))) {
      assertThat(ws.handshake().headers("Sec-WebSocket-Protocol")).containsExactly("bearer");
      assertThat(server.capture.next().token().carrier()).isEqualTo(Carrier.SUBPROTOCOL);
    }
  }

  @Test
  void selectsBearerForTheJdkClientOfferingATokenSubprotocol() throws Exception {
    try (WsClient client = WsClient.connect(server.uri(), b -> b.subprotocols("bearer", "bearer." + TOKEN))) {
      assertThat(client.socket().getSubprotocol()).isEqualTo("bearer");
      assertThat(server.capture.next().token()).isEqualTo(new BearerToken(TOKEN, Carrier.SUBPROTOCOL));
      client.send("still works");
      assertThat(client.next()).isEqualTo("still works");
    }
  }

  @Test
  void prefersTheHeaderToTheQueryAndTheQueryToTheSubprotocol() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path() + "?token=from-query")
        .header("Authorization", "Bearer from-header")
        .header("Sec-WebSocket-Protocol", "bearer, bearer.from-protocol"))) {
      assertThat(server.capture.next().token()).isEqualTo(new BearerToken("from-header", Carrier.HEADER));
    }
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path() + "?token=from-query")
        .header("Sec-WebSocket-Protocol", "bearer, bearer.from-protocol"))) {
      assertThat(server.capture.next().token()).isEqualTo(new BearerToken("from-query", Carrier.QUERY));
    }
  }

  @Test
  void passesOverOtherAuthorizationSchemes() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path())
        .header("Authorization", "Basic dXNlcjpwYXNz"))) {
      assertThat(server.capture.next().token()).isNull();
    }
  }

  @Test
  void seesNoTokenWhenTheRequestCarriesNone() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()))) {
      HandshakeRequest request = server.capture.next();
      assertThat(request.token()).isNull();
      assertThat(request.host()).isEqualTo("127.0.0.1");
      assertThat(request.secure()).isFalse();
      assertThat(request.peer().getHostAddress()).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void passesTheOriginHeaderToThePolicies() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path())
        .header("Origin", "https://app.example.com"))) {
      assertThat(server.capture.next().origin()).isEqualTo("https://app.example.com");
    }
  }

  @Test
  void stampsTheRequestAndTheSessionWithTheInjectedClock() throws Exception {
    Instant then = Instant.parse("2030-01-02T03:04:05Z");
    try (TestServer fixed = TestServer.startWithClock(Clock.fixed(then, ZoneOffset.UTC));
         WsClient client = WsClient.connect(fixed.uri())) {
      assertThat(fixed.capture.next().receivedAt()).isEqualTo(then);
      Eventually.equals("registered sockets", 1, () -> fixed.registry().connections().size());
      assertThat(fixed.registry().connections()).singleElement()
          .satisfies(connection -> assertThat(connection.openedAt()).isEqualTo(then));
    }
  }

  @Test
  void writesNoTokenIntoAnyLogLine() throws Exception {
    String secret = "tok-" + System.nanoTime() + "-never-logged";
    try (LogCapture logs = LogCapture.everything();
         TestServer strict = TestServer.start(b -> b.requireAuth(true).jwtSecret("0123456789abcdef0123456789abcdef-test")
             .authTimeout(Duration.ZERO))) {
      for (RawHttp.Request request : List.of(
          RawHttp.upgrade(strict.path() + "?token=" + secret),
          RawHttp.upgrade(strict.path()).header("Authorization", "Bearer " + secret),
          RawHttp.upgrade(strict.path()).header("Sec-WebSocket-Protocol", "bearer, bearer." + secret),
          RawHttp.upgrade(strict.path() + "?token=" + secret).with("Sec-WebSocket-Version", "8"),
          RawHttp.request("POST", strict.path() + "?token=" + secret).header("Authorization", "Bearer " + secret))) {
        RawResponse response = RawHttp.send(strict.port(), request);
        assertThat(response.status()).isIn(401, 426, 405);
        assertNoHeaderHolds(response, secret);
        assertThat(response.body()).doesNotContain(secret);
      }
      assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(secret));
    }
  }

  private static void assertNoHeaderHolds(RawResponse response, String text) {
    for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
      assertThat(header.getValue()).as(header.getKey()).noneMatch(value -> value.contains(text));
    }
  }
}
