package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.core.app.InboundMessage;
import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.app.Session;
import dev.portcullis.core.port.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's own pieces working together against real nodes. */
class PortcullisServerIT {

  static final String SECRET = "portcullis-server-it-secret-long-enough!!";
  static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static final PortcullisServer echo = PortcullisServer.with(c -> c.jwtSecret(SECRET));

  @RegisterExtension
  static final PortcullisServer custom = PortcullisServer.with(c -> c.jwtSecret(SECRET).path("/custom"))
      .handler(new ShoutOrHangUp());

  @Test
  void exposesTheRunningNodesLoopbackEndpointAndItsObjectGraph() {
    assertThat(echo.port()).isPositive();
    assertThat(echo.uri()).hasToString("ws://127.0.0.1:" + echo.port() + "/ws");
    assertThat(echo.injector().getInstance(Transport.class).port()).isEqualTo(echo.port());
    assertThat(custom.uri().getPath()).isEqualTo("/custom");
  }

  @Test
  void echoesEveryAdmittedMessageByDefault() {
    try (TestWebSocket ws = TestWebSocket.to(echo.uri()).bearer(echo.minter().subject("ann").mint()).connect()) {
      String first = envelope("e-1");
      String second = envelope("e-2");
      ws.send(first);
      ws.send(second);
      assertThat(ws.awaitMessage(WAIT)).isEqualTo(first);
      assertThat(ws.awaitMessage(WAIT)).isEqualTo(second);
      assertThat(ws.messages()).containsExactly(first, second);
    }
  }

  @Test
  void runsTheHandlerItWasGivenAndRecordsHowTheServerClosed() {
    try (TestWebSocket ws = TestWebSocket.to(custom.uriWithToken(custom.minter().subject("bob").mint())).connect()) {
      String message = envelope("shout");
      ws.send(message);
      assertThat(ws.awaitMessage(WAIT)).isEqualTo(message.toUpperCase(Locale.ROOT));

      ws.send(envelope("hang-up"));
      assertThat(ws.awaitClose(WAIT)).isEqualTo(new TestWebSocket.CloseStatus(4000, "bye"));
    }
  }

  @Test
  void reportsTheStatusOfARefusedUpgrade() {
    TestWebSocket.UpgradeRefusedException refused = catchThrowableOfType(TestWebSocket.UpgradeRefusedException.class,
        () -> TestWebSocket.to(echo.uri()).bearer("not-a-jwt").connect());
    assertThat(refused.status()).isEqualTo(401);
  }

  @Test
  void aMinterForTheServerCarriesItsIssuerAndAudience() {
    try (PortcullisServer strict = PortcullisServer.with(c -> c.jwtSecret(SECRET).jwtIssuer("https://i.test")
        .jwtAudience("aud-1")).start()) {
      RawResponse accepted = RawHandshake.to(strict.uri()).bearer(strict.minter().subject("cy").mint()).send();
      RawResponse refused = RawHandshake.to(strict.uri()).bearer(TokenMinter.hmac(SECRET).subject("cy").mint()).send();
      assertThat(accepted.status()).isEqualTo(101);
      assertThat(refused.status()).isEqualTo(401);
    }
  }

  static String envelope(String id) {
    return "{\"id\":\"" + id + "\",\"type\":\"track\",\"timestamp\":" + Instant.now().getEpochSecond() + "}";
  }

  /** Answers in capitals, and closes {@code 4000 bye} on the message whose id is {@code hang-up}. */
  private static final class ShoutOrHangUp implements MessageHandler {
    @Override
    public void onMessage(Session session, InboundMessage message) {
      if ("hang-up".equals(message.id())) {
        session.close(4000, "bye");
      } else {
        session.send(message.text().toUpperCase(Locale.ROOT));
      }
    }
  }
}
