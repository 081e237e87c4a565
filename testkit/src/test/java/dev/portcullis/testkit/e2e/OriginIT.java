package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertNoToken;
import static dev.portcullis.testkit.e2e.Wire.assertRefused;

import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CONTRACT §1 {@code WS_ALLOWED_ORIGINS} and §2's second row: a present {@code Origin} must be on the
 * list, matched exactly after normalisation, or be refused {@code 403 origin_not_allowed} even with a
 * valid token (catalogue HS-01, HS-02); with an empty list only the node's own host and port pass.
 */
class OriginIT {

  static final String SECRET = "origin-it-secret-that-is-long-enough-for-hs";
  static final String APP = "https://app.example.com";

  @RegisterExtension
  static final PortcullisServer listed = PortcullisServer.with(c -> c.jwtSecret(SECRET)
      .allowedOrigins(Set.of(APP, "http://localhost:3000")).authTimeout(Duration.ZERO));

  @RegisterExtension
  static final PortcullisServer sameHostOnly = PortcullisServer.with(c -> c.jwtSecret(SECRET));

  @Test
  void anAllowedOriginWithAValidTokenIsUpgraded() {
    Wire.assertUpgrades(request(listed).header("Origin", APP));
    Wire.assertUpgrades(request(listed).header("Origin", "http://localhost:3000"));
  }

  @ParameterizedTest(name = "Origin {0} is refused")
  @ValueSource(strings = {
      "https://evil.example",
      "https://app.example.com.evil.com",
      "https://evilapp.example.com",
      "https://example.com",
      "null",
      "http://app.example.com",
      "https://app.example.com:8443",
      "https://app.example.com/",
      "https://app.example.com/path",
      "http://127.0.0.1",
      "http://localhost:3001",
      "file://",
      "not an origin"})
  void aLookalikeOriginIsRefusedEvenWithAValidToken(String origin) {
    assertRefused(request(listed).header("Origin", origin).send(), 403, "origin_not_allowed");
  }

  @Test
  void twoOriginHeadersAreRefusedAsAmbiguousEvenWhenTheFirstIsAllowed() {
    assertRefused(request(listed).header("Origin", APP).header("Origin", "https://evil.example").send(), 400,
        "bad_request");
  }

  @Test
  void aRequestWithoutOriginStillNeedsItsToken() {
    assertNoToken(RawHandshake.to(listed.uri()).from(Peers.next()).send());
    Wire.assertUpgrades(request(listed));
  }

  @Test
  void withoutAnAllowListTheNodesOwnHostAndPortPass() {
    Wire.assertUpgrades(request(sameHostOnly).header("Origin", "http://127.0.0.1:" + sameHostOnly.port()));
  }

  @Test
  void withoutAnAllowListAnotherHostOrPortIsRefused() {
    assertRefused(request(sameHostOnly).header("Origin", "https://evil.example").send(), 403, "origin_not_allowed");
    assertRefused(request(sameHostOnly).header("Origin", "http://127.0.0.1:" + (sameHostOnly.port() + 1)).send(), 403,
        "origin_not_allowed");
    assertRefused(request(sameHostOnly).header("Origin", "http://127.0.0.1.evil.example:" + sameHostOnly.port()).send(),
        403, "origin_not_allowed");
  }

  private static RawHandshake request(PortcullisServer server) {
    return RawHandshake.to(server.uri()).from(Peers.next()).bearer(server.minter().subject("xena").mint());
  }
}
