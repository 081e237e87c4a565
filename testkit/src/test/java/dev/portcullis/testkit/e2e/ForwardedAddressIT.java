package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertRateLimited;

import dev.portcullis.core.config.ForwardedHeader;
import dev.portcullis.core.model.CidrSet;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §1 {@code WS_TRUSTED_PROXIES} and {@code WS_IPV6_PREFIX_LENGTH}: behind a trusted proxy
 * ({@code 127.0.0.1}) each forwarded address is its own client, IPv6 clients counted per /64; from any
 * other peer the forwarding headers are ignored (catalogue RL-02, RL-03, RL-04).
 */
class ForwardedAddressIT {

  static final String SECRET = "forwarded-address-it-secret-long-enough!!";
  static final int LIMIT = 2;
  static final String PROXY = "127.0.0.1";

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).maxConnectionsPerIp(LIMIT)
      .trustedProxies(CidrSet.parse(PROXY + "/32")));

  /** Behind a proxy that writes RFC 7239 {@code Forwarded} instead. */
  @RegisterExtension
  static final PortcullisServer rfc7239 = PortcullisServer.with(c -> c.jwtSecret(SECRET).maxConnectionsPerIp(LIMIT)
      .trustedProxies(CidrSet.parse(PROXY + "/32")).forwardedHeader(ForwardedHeader.FORWARDED));

  @Test
  void distinctForwardedAddressesFromTheTrustedProxyAreDistinctClients() {
    for (int i = 0; i < LIMIT; i++) {
      Wire.assertUpgrades(viaProxy("X-Forwarded-For", "203.0.113.10"));
    }
    assertRateLimited(viaProxy("X-Forwarded-For", "203.0.113.10").send(), LIMIT);

    Wire.assertUpgrades(viaProxy("X-Forwarded-For", "203.0.113.11"));
  }

  @Test
  void theRightMostUntrustedHopIsTheClientNotWhatTheClientWroteOnTheLeft() {
    for (int i = 0; i < LIMIT; i++) {
      Wire.assertUpgrades(viaProxy("X-Forwarded-For", "198.51.100." + (1 + i) + ", 203.0.113.20"));
    }
    assertRateLimited(viaProxy("X-Forwarded-For", "198.51.100.99, 203.0.113.20").send(), LIMIT);
  }

  @Test
  void theStandardForwardedHeaderIsReadWhenTheProxiesWriteIt() {
    for (int i = 0; i < LIMIT; i++) {
      Wire.assertUpgrades(viaRfc7239Proxy("for=\"[2001:db8:ff::1]:4711\";proto=https"));
    }
    assertRateLimited(viaRfc7239Proxy("for=\"[2001:db8:ff::1]:4711\"").send(), LIMIT);
    Wire.assertUpgrades(viaRfc7239Proxy("for=203.0.113.30"));
  }

  @Test
  void aClientCannotNameItselfInTheHeaderTheProxyDoesNotWrite() {
    // the proxy appends to X-Forwarded-For and passes the client's own Forwarded header on untouched
    for (int i = 0; i < LIMIT; i++) {
      Wire.assertUpgrades(viaProxy("X-Forwarded-For", "203.0.113.50").header("Forwarded", "for=198.51.100." + i));
    }
    assertRateLimited(viaProxy("X-Forwarded-For", "203.0.113.50").header("Forwarded", "for=198.51.100.77").send(),
        LIMIT);
  }

  @Test
  void forwardingHeadersFromAnUntrustedPeerAreIgnored() {
    String untrusted = "127.0.0.2";
    for (int i = 0; i < LIMIT; i++) {
      Wire.assertUpgrades(direct(untrusted).header("X-Forwarded-For", "192.0.2." + (10 + i)));
    }
    assertRateLimited(direct(untrusted).header("X-Forwarded-For", "192.0.2.99")
        .header("Forwarded", "for=192.0.2.98").send(), LIMIT);
  }

  @Test
  void forwardedIpv6AddressesInOneSlash64ShareALimitAndAnotherSlash64DoesNot() {
    Wire.assertUpgrades(viaProxy("X-Forwarded-For", "2001:db8:aa:1::1"));
    Wire.assertUpgrades(viaProxy("X-Forwarded-For", "2001:db8:aa:1:ffff:ffff:ffff:fffe"));
    assertRateLimited(viaProxy("X-Forwarded-For", "[2001:db8:aa:1::3]:443").send(), LIMIT);

    Wire.assertUpgrades(viaProxy("X-Forwarded-For", "2001:db8:aa:2::1"));
  }

  @Test
  void anIpv4MappedIpv6AddressIsTheSameClientAsItsIpv4Address() {
    Wire.assertUpgrades(viaProxy("X-Forwarded-For", "203.0.113.40"));
    Wire.assertUpgrades(viaProxy("X-Forwarded-For", "::ffff:203.0.113.40"));
    assertRateLimited(viaProxy("X-Forwarded-For", "203.0.113.40").send(), LIMIT);
  }

  private static RawHandshake viaProxy(String header, String value) {
    return direct(PROXY).header(header, value);
  }

  private static RawHandshake viaRfc7239Proxy(String forwarded) {
    return RawHandshake.to(rfc7239.uri()).from(PROXY).bearer(rfc7239.minter().subject("yuri-" + UUID.randomUUID()).mint())
        .header("Forwarded", forwarded);
  }

  private static RawHandshake direct(String peer) {
    return RawHandshake.to(server.uri()).from(peer).bearer(server.minter().subject("yuri-" + UUID.randomUUID()).mint());
  }
}
