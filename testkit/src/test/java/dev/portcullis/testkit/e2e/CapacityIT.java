package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertBadToken;
import static dev.portcullis.testkit.e2e.Wire.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.RawResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §1 {@code WS_MAX_CONNECTIONS_TOTAL} and §2: a full node answers {@code 503 capacity} with
 * {@code Retry-After}; a blocked address and a foreign origin are still answered as such, since those
 * checks come first. One test holds the node full, so the checks share it.
 */
class CapacityIT {

  static final String SECRET = "capacity-it-secret-that-is-long-enough-ok";
  static final int CAPACITY = 2;

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).maxConnectionsTotal(CAPACITY)
      .authTimeout(Duration.ZERO));

  @Test
  @SuppressWarnings("try") // the connections only need to stay open meanwhile
  void aFullNodeRefusesCapacityAfterTheBlockAndOriginChecksAndAdmitsAgainWhenASlotFrees() {
    String blocked = Peers.next();
    for (int i = 0; i < 5; i++) {
      assertBadToken(RawHandshake.to(server.uri()).from(blocked).bearer("wrong-" + i).send());
    }
    RawConnection first = Wire.upgraded(request(Peers.next(), "rita"));
    try (RawConnection second = Wire.upgraded(request(Peers.next(), "sam"))) {
      RawResponse full = request(Peers.next(), "tom").send();
      assertRefused(full, 503, "capacity");
      assertThat(Wire.seconds(full, "Retry-After")).isPositive();

      assertRefused(request(blocked, "uma").send(), 403, "blocked");
      assertRefused(request(Peers.next(), "vic").header("Origin", "https://evil.example").send(), 403,
          "origin_not_allowed");

      first.abort();
      Wire.eventuallyUpgraded(() -> request(Peers.next(), "walt")).close();
    } finally {
      first.close();
    }
  }

  private static RawHandshake request(String peer, String subject) {
    return RawHandshake.to(server.uri()).from(peer).bearer(server.minter().subject(subject).mint());
  }
}
