package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.WAIT;
import static dev.portcullis.testkit.e2e.Wire.assertBadToken;
import static dev.portcullis.testkit.e2e.Wire.assertNoToken;
import static dev.portcullis.testkit.e2e.Wire.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.TestWebSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CONTRACT §2: a token may travel in the header, the {@code token} query parameter or a subprotocol. */
class TokenCarrierIT {

  static final String SECRET = "token-carrier-it-secret-with-enough-bytes!";

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).authTimeout(Duration.ZERO));

  @RegisterExtension
  static final PortcullisServer deferred = PortcullisServer.with(c -> c.jwtSecret(SECRET).authTimeout(Duration.ofSeconds(30)));

  private final String token = server.minter().subject("dora").mint();

  @Test
  void aTokenInTheAuthorizationHeaderIsAcceptedAndMessagesComeBackUnchanged() {
    try (TestWebSocket ws = TestWebSocket.to(server.uri()).bearer(token).connect()) {
      String message = envelope("header-1");
      ws.send(message);
      assertThat(ws.awaitMessage(WAIT)).isEqualTo(message);
    }
  }

  @Test
  void aTokenInTheQueryIsAcceptedAndMessagesComeBackUnchanged() {
    try (TestWebSocket ws = TestWebSocket.to(server.uriWithToken(token)).connect()) {
      String message = envelope("query-1");
      ws.send(message);
      assertThat(ws.awaitMessage(WAIT)).isEqualTo(message);
    }
  }

  @Test
  void aTokenInABearerSubprotocolIsAcceptedAndTheServerSelectsTheBearerProtocol() {
    try (TestWebSocket ws = TestWebSocket.to(server.uri()).subprotocols("bearer", "bearer." + token).connect()) {
      assertThat(ws.subprotocol()).isEqualTo("bearer");
      String message = envelope("subprotocol-1");
      ws.send(message);
      assertThat(ws.awaitMessage(WAIT)).isEqualTo(message);
    }
  }

  @Test
  void aClientOfferingOnlyItsTokenProtocolIsUpgradedWithoutTheTokenEchoedBack() {
    // RFC 6455 §4.1: a server may only select a protocol the client offered, and bearer.<t> must not be it.
    try (RawConnection connection = Wire.upgraded(RawHandshake.to(server.uri()).from(Peers.next())
        .header("Sec-WebSocket-Protocol", "bearer." + token))) {
      assertThat(connection.response().headers("Sec-WebSocket-Protocol")).isEmpty();
      assertThat(connection.response().headers().toString()).doesNotContain(token);
    }
  }

  @Test
  void theServerSelectsTheBearerProtocolWhenOfferedBesideTheToken() {
    try (RawConnection connection = Wire.upgraded(RawHandshake.to(server.uri()).from(Peers.next())
        .header("Sec-WebSocket-Protocol", "bearer." + token + ", bearer"))) {
      assertThat(connection.response().headers("Sec-WebSocket-Protocol")).containsExactly("bearer");
    }
  }

  @Test
  void withAnAuthTimeoutATokenlessUpgradeGoesAheadAndItsFirstMessageAuthenticates() {
    try (TestWebSocket ws = TestWebSocket.to(deferred.uri()).connect()) {
      ws.send("{\"type\":\"auth\",\"token\":\"" + deferred.minter().subject("dora").mint() + "\"}");
      assertThat(ws.awaitMessage(WAIT)).as("the answer to auth").doesNotContain("error");
      String message = envelope("message-1");
      ws.send(message);
      assertThat(ws.awaitMessage(WAIT)).isEqualTo(message);
    }
  }

  @Test
  void noTokenAtAllWithoutAnAuthTimeoutIsRefusedWithABareBearerChallenge() {
    assertNoToken(RawHandshake.to(server.uri()).from(Peers.next()).send());
  }

  @Test
  void aBadTokenInTheHeaderIsRefusedWithAnInvalidTokenChallenge() {
    assertBadToken(RawHandshake.to(server.uri()).from(Peers.next()).bearer(token + "x").send());
  }

  @Test
  void aBadTokenInTheQueryIsRefusedWithAnInvalidTokenChallenge() {
    assertBadToken(RawHandshake.to(server.uri()).from(Peers.next()).query("token", token + "x").send());
  }

  @Test
  void aBadTokenInTheSubprotocolIsRefusedWithAnInvalidTokenChallenge() {
    assertBadToken(RawHandshake.to(server.uri()).from(Peers.next())
        .header("Sec-WebSocket-Protocol", "bearer, bearer." + token + "x").send());
  }

  @Test
  void aBadHeaderTokenIsNotRescuedByAGoodQueryToken() {
    assertBadToken(RawHandshake.to(server.uri()).from(Peers.next()).bearer("garbage").query("token", token).send());
  }
}
