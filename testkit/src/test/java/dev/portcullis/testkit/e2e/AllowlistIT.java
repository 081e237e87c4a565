package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertBadToken;
import static dev.portcullis.testkit.e2e.Wire.assertNoToken;
import static dev.portcullis.testkit.e2e.Wire.assertRateLimited;

import dev.portcullis.core.model.CidrSet;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §1 {@code WS_ALLOWLIST}: listed ranges are never rate-limited or blocked, but must still
 * authenticate.
 */
class AllowlistIT {

  static final String SECRET = "allowlist-it-secret-that-is-long-enough!!";
  static final int LIMIT = 2;
  static final String MONITOR = "127.200.0.5";

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).maxConnectionsPerIp(LIMIT)
      .maxFailedAuth(2).allowlist(CidrSet.parse("127.200.0.0/16")).authTimeout(Duration.ZERO));

  @Test
  void anAllowListedAddressIsNeverRateLimited() {
    for (int i = 0; i < LIMIT * 3; i++) {
      Wire.assertUpgrades(request(MONITOR).bearer(token()));
    }
  }

  @Test
  void anAllowListedAddressIsNeverBlockedForFailedAuthentication() {
    String office = "127.200.1.9";
    for (int i = 0; i < 4; i++) {
      assertBadToken(request(office).bearer("wrong-" + i).send());
    }
    Wire.assertUpgrades(request(office).bearer(token()));
  }

  @Test
  void anAllowListedAddressMustStillAuthenticate() {
    assertNoToken(request(MONITOR).send());
    assertBadToken(request(MONITOR).bearer(token() + "x").send());
  }

  @Test
  void anAddressOutsideTheListIsLimitedAsUsual() {
    String outsider = Peers.next();
    for (int i = 0; i < LIMIT; i++) {
      Wire.assertUpgrades(request(outsider).bearer(token()));
    }
    assertRateLimited(request(outsider).bearer(token()).send(), LIMIT);
  }

  private static RawHandshake request(String peer) {
    return RawHandshake.to(server.uri()).from(peer);
  }

  private static String token() {
    return server.minter().subject("zoe-" + UUID.randomUUID()).mint();
  }
}
