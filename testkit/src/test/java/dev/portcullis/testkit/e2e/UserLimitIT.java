package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertRefused;

import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawHandshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §1 {@code WS_MAX_CONNECTIONS_PER_USER} and §2's last row: a subject holding its limit of open
 * connections, from whatever addresses, is refused {@code 429 too_many_connections} (catalogue RL-08).
 */
class UserLimitIT {

  static final String SECRET = "user-limit-it-secret-that-is-long-enough!";
  static final int LIMIT = 2;

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).maxConnectionsPerUser(LIMIT));

  @Test
  @SuppressWarnings("try") // the connections only need to stay open meanwhile
  void aSubjectAtItsLimitIsRefusedTooManyConnectionsFromAnyAddress() {
    try (RawConnection first = Wire.upgraded(request(Peers.next(), "nora"));
        RawConnection second = Wire.upgraded(request(Peers.next(), "nora"))) {
      assertRefused(request(Peers.next(), "nora").send(), 429, "too_many_connections");
    }
  }

  @Test
  @SuppressWarnings("try") // the connections only need to stay open meanwhile
  void anotherSubjectIsUnaffected() {
    try (RawConnection first = Wire.upgraded(request(Peers.next(), "oscar"));
        RawConnection second = Wire.upgraded(request(Peers.next(), "oscar"))) {
      Wire.assertUpgrades(request(Peers.next(), "paula"));
    }
  }

  @Test
  @SuppressWarnings("try") // the connections only need to stay open meanwhile
  void theSubjectMayConnectAgainOnceOneOfItsConnectionsCloses() {
    try (RawConnection kept = Wire.upgraded(request(Peers.next(), "quinn"))) {
      RawConnection closing = Wire.upgraded(request(Peers.next(), "quinn"));
      assertRefused(request(Peers.next(), "quinn").send(), 429, "too_many_connections");

      closing.sendClose(1000, "bye");
      closing.close();

      Wire.eventuallyUpgraded(() -> request(Peers.next(), "quinn")).close();
    }
  }

  private static RawHandshake request(String peer, String subject) {
    return RawHandshake.to(server.uri()).from(peer).bearer(server.minter().subject(subject).mint());
  }
}
