package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertRateLimited;

import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawHandshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §1 {@code WS_MAX_CONCURRENT_PER_IP}: an address holding its limit of open connections is
 * refused {@code 429 rate_limited} (catalogue DOS-01), until one of its connections ends.
 */
class ConcurrencyLimitIT {

  static final String SECRET = "concurrency-limit-it-secret-long-enough!!";
  static final int LIMIT = 2;

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET)
      .maxConcurrentPerIp(LIMIT).maxConnectionsPerIp(1000));

  @Test
  @SuppressWarnings("try") // the connections only need to stay open meanwhile
  void anAddressHoldingItsLimitOfOpenConnectionsIsRefusedRateLimited() {
    String peer = Peers.next();
    try (RawConnection first = Wire.upgraded(request(peer, "a"));
        RawConnection second = Wire.upgraded(request(peer, "b"))) {
      assertRateLimited(request(peer, "c").send(), LIMIT);

      Wire.assertUpgrades(request(Peers.next(), "d"));
    }
  }

  @Test
  @SuppressWarnings("try") // the connections only need to stay open meanwhile
  void aSlotFreesWhenOneOfTheAddressesConnectionsDropsAbruptly() {
    String peer = Peers.next();
    try (RawConnection kept = Wire.upgraded(request(peer, "e"))) {
      RawConnection dropped = Wire.upgraded(request(peer, "f"));
      assertRateLimited(request(peer, "g").send(), LIMIT);

      dropped.abort();

      try (RawConnection again = Wire.eventuallyUpgraded(() -> request(peer, "h"))) {
        assertRateLimited(request(peer, "i").send(), LIMIT);
      }
    }
  }

  private static RawHandshake request(String peer, String who) {
    return RawHandshake.to(server.uri()).from(peer).bearer(server.minter().subject("mia-" + who).mint());
  }
}
