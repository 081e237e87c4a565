package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertBadToken;
import static dev.portcullis.testkit.e2e.Wire.assertBlocked;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawHandshake;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §1 {@code WS_MAX_FAILED_AUTH} (default 5) and §2's first row: five bad tokens from one address
 * block it, so that even a good token is then refused {@code 403 blocked} with {@code Retry-After};
 * every other address goes on as before.
 */
class FailedAuthBlockingIT {

  static final String SECRET = "failed-auth-blocking-it-secret-long-enough";
  /** {@code WS_BLOCK_DURATION} (300 s) plus the contract's "little jitter" (at most 10 %). */
  static final Duration LONGEST_FIRST_BLOCK = Duration.ofSeconds(330);

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).authTimeout(Duration.ZERO));

  @Test
  void fiveBadTokensBlockTheAddressSoThatEvenAGoodTokenIsRefusedBlocked() {
    String attacker = Peers.next();
    String bad = server.minter().subject("hank").mint() + "tampered";
    assertBadToken(RawHandshake.to(server.uri()).from(attacker).bearer(bad).send());
    assertBadToken(RawHandshake.to(server.uri()).from(attacker).query("token", bad).send());
    assertBadToken(RawHandshake.to(server.uri()).from(attacker).header("Sec-WebSocket-Protocol", "bearer." + bad).send());
    assertBadToken(RawHandshake.to(server.uri()).from(attacker).bearer("not-a-jwt").send());
    assertBadToken(RawHandshake.to(server.uri()).from(attacker).bearer(bad).send());

    assertBlocked(RawHandshake.to(server.uri()).from(attacker).bearer(server.minter().subject("hank").mint()).send(),
        LONGEST_FIRST_BLOCK);
    assertBlocked(RawHandshake.to(server.uri()).from(attacker).send(), LONGEST_FIRST_BLOCK);
  }

  @Test
  void fourBadTokensDoNotBlockTheAddress() {
    String clumsy = Peers.next();
    for (int i = 0; i < 4; i++) {
      assertBadToken(RawHandshake.to(server.uri()).from(clumsy).bearer("wrong-" + i).send());
    }

    Wire.assertUpgrades(RawHandshake.to(server.uri()).from(clumsy).bearer(server.minter().subject("ivy").mint()));
  }

  @Test
  void anotherAddressIsUnaffectedByABlockedNeighbour() {
    String attacker = Peers.next();
    String neighbour = Peers.next();
    for (int i = 0; i < 5; i++) {
      assertBadToken(RawHandshake.to(server.uri()).from(attacker).bearer("wrong-" + i).send());
    }
    assertBlocked(RawHandshake.to(server.uri()).from(attacker).send(), LONGEST_FIRST_BLOCK);

    Wire.assertUpgrades(RawHandshake.to(server.uri()).from(neighbour).bearer(server.minter().subject("jack").mint()));
  }

  @Test
  void blockingAnAddressClosesItsOpenConnectionsWith1008Blocked() {
    String attacker = Peers.next();
    try (RawConnection open = Wire.upgraded(
        RawHandshake.to(server.uri()).from(attacker).bearer(server.minter().subject("kate").mint()))) {
      for (int i = 0; i < 5; i++) {
        assertBadToken(RawHandshake.to(server.uri()).from(attacker).bearer("wrong-" + i).send());
      }

      RawConnection.Frame close = open.readFrame(Wire.WAIT);
      assertThat(close.opcode()).isEqualTo(RawConnection.CLOSE);
      assertThat(close.closeCode()).isEqualTo(1008);
      assertThat(close.closeReason()).isEqualTo("blocked");
    }
  }
}
