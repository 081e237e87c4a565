package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.WAIT;
import static dev.portcullis.testkit.e2e.Wire.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.TestWebSocket;
import dev.portcullis.testkit.TokenMinter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §2 "A token never appears in any log line" (catalogue HS-12): with every logger at DEBUG,
 * good and bad tokens sent in every carrier leave no trace of themselves in the captured log.
 */
class TokenRedactionIT {

  static final String SECRET = "token-redaction-it-secret-long-enough!!!!";

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET));

  @Test
  void noLogLineContainsAnyTokenWhateverItsCarrierAndFate() {
    TokenMinter minter = server.minter();
    List<String> bad = List.of(
        minter.subject("dan").issuedAt(Instant.now().minusSeconds(7200)).expiresIn(Duration.ofHours(1)).mint(),
        TokenMinter.hmac(SECRET + "-other").subject("dan").mint(),
        minter.subject("dan").mint() + "tampered",
        minter.subject("dan").mintUnsigned(),
        "opaque-bearer-secret-4f1c9a7e2b");
    List<String> good = new ArrayList<>();
    List<Function<String, RawHandshake>> carriers = List.of(
        t -> request().bearer(t),
        t -> request().query("token", t),
        t -> request().header("Sec-WebSocket-Protocol", "bearer, bearer." + t));

    List<String> lines;
    try (LogCapture log = LogCapture.everything(Level.DEBUG)) {
      for (Function<String, RawHandshake> carrier : carriers) {
        for (String token : bad) {
          Wire.assertBadToken(carrier.apply(token).send());
        }
        String token = minter.subject("eve-" + good.size()).mint();
        good.add(token);
        Wire.assertUpgrades(carrier.apply(token));
      }
      String byMessage = minter.subject("eve-message").mint();
      good.add(byMessage);
      try (TestWebSocket ws = TestWebSocket.to(server.uri()).connect()) {
        ws.send("{\"type\":\"auth\",\"token\":\"" + byMessage + "\"}");
        assertThat(ws.awaitMessage(WAIT)).as("the answer to the auth message").doesNotContain("error");
        String message = envelope("after-auth");
        ws.send(message);
        assertThat(ws.awaitMessage(WAIT)).isEqualTo(message);
      }
      lines = log.lines();
    }

    assertThat(lines).as("the capture saw the refusals").anyMatch(l -> l.contains("authentication_failed"));
    List<String> secrets = new ArrayList<>();
    bad.forEach(t -> secrets.addAll(distinctive(t)));
    good.forEach(t -> secrets.addAll(distinctive(t)));
    for (String secret : secrets) {
      assertThat(lines).as("log lines containing %s", secret).noneMatch(line -> line.contains(secret));
    }
  }

  /** The whole token and its signature: either in a log line would leak it. */
  private static List<String> distinctive(String token) {
    List<String> parts = new ArrayList<>(List.of(token));
    String[] segments = token.split("\\.");
    if (segments.length == 3 && segments[2].length() > 16) {
      parts.add(segments[2]);
    }
    return parts;
  }

  private static RawHandshake request() {
    return RawHandshake.to(server.uri()).from(Peers.next());
  }
}
