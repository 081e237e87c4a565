package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertBadToken;
import static dev.portcullis.testkit.e2e.Wire.assertRateLimited;
import static dev.portcullis.testkit.e2e.Wire.assertRefused;

import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §2: the checks run in the contract's order and the first refusal answers: block, origin,
 * capacity, rate, authentication, per-user limit. (The capacity row is ordered in {@link CapacityIT}.)
 */
class HandshakeOrderIT {

  static final String SECRET = "handshake-order-it-secret-long-enough!!!";
  static final String APP = "https://app.example.com";
  static final int LIMIT = 6;

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).maxConnectionsPerIp(LIMIT)
      .allowedOrigins(Set.of(APP)).authTimeout(Duration.ZERO).maxConnectionsPerUser(1));

  @Test
  void aBlockedAddressWithAForeignOriginIsAnsweredBlocked() {
    String peer = blockedPeer();
    assertRefused(request(peer).header("Origin", "https://evil.example").send(), 403, "blocked");
  }

  @Test
  void aBlockedAddressPastItsRateLimitIsAnsweredBlocked() {
    String peer = blockedPeer();
    assertRefused(request(peer).bearer(token()).send(), 403, "blocked");
    assertRefused(request(peer).bearer(token()).send(), 403, "blocked");
  }

  @Test
  void aForeignOriginPastTheRateLimitIsAnsweredOriginNotAllowed() {
    String peer = rateLimitedPeer();
    assertRefused(request(peer).bearer(token()).header("Origin", "https://evil.example").send(), 403,
        "origin_not_allowed");
  }

  @Test
  void aBadTokenPastTheRateLimitIsAnsweredRateLimited() {
    String peer = rateLimitedPeer();
    assertRateLimited(request(peer).bearer("not-a-jwt").header("Origin", APP).send(), LIMIT);
  }

  @Test
  void aMissingTokenPastTheRateLimitIsAnsweredRateLimited() {
    assertRateLimited(request(rateLimitedPeer()).send(), LIMIT);
  }

  @Test
  @SuppressWarnings("try") // the connections only need to stay open meanwhile
  void aBadTokenForASubjectAtItsLimitIsAnsweredUnauthorized() {
    String busy = server.minter().subject("bea").mint();
    try (var open = Wire.upgraded(request(Peers.next()).bearer(busy))) {
      assertRefused(request(Peers.next()).bearer(busy).send(), 429, "too_many_connections");
      assertBadToken(request(Peers.next()).bearer(busy + "x").send());
    }
  }

  /** An address blocked over the wire: five bad tokens. */
  private static String blockedPeer() {
    String peer = Peers.next();
    for (int i = 0; i < 5; i++) {
      assertBadToken(request(peer).bearer("wrong-" + i).send());
    }
    return peer;
  }

  /** An address that used up its attempts with good tokens. */
  private static String rateLimitedPeer() {
    String peer = Peers.next();
    for (int i = 0; i < LIMIT; i++) {
      Wire.assertUpgrades(request(peer).bearer(token()));
    }
    return peer;
  }

  private static RawHandshake request(String peer) {
    return RawHandshake.to(server.uri()).from(peer);
  }

  private static String token() {
    return server.minter().subject("cal-" + UUID.randomUUID()).mint();
  }
}
