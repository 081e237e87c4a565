package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.ForwardedHeader;
import dev.portcullis.core.model.CidrSet;
import dev.portcullis.core.model.HandshakeRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forwarding headers decide the client only when the TCP peer is a trusted proxy (RL-02, RL-03). The
 * tests connect from 127.0.0.1: trusted by one server, a stranger to the other.
 */
class ClientAddressIT {

  private static TestServer behindProxy;
  private static TestServer behindRfc7239Proxy;
  private static TestServer exposed;

  @BeforeAll
  static void startServers() {
    behindProxy = TestServer.start(b -> b.trustedProxies(CidrSet.parse("127.0.0.1/32, 10.0.0.0/8")));
    behindRfc7239Proxy = TestServer.start(b -> b.trustedProxies(CidrSet.parse("127.0.0.1/32, 10.0.0.0/8"))
        .forwardedHeader(ForwardedHeader.FORWARDED));
    exposed = TestServer.start(b -> b.trustedProxies(CidrSet.parse("10.0.0.0/8")));
  }

  @AfterAll
  static void stopServers() {
    behindProxy.close();
    behindRfc7239Proxy.close();
    exposed.close();
  }

  @BeforeEach
  void forgetEarlierRequests() {
    behindProxy.capture.seen.clear();
    behindRfc7239Proxy.capture.seen.clear();
    exposed.capture.seen.clear();
  }

  private static HandshakeRequest upgrade(TestServer server, RawHttp.Request request) throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), request)) {
      assertThat(ws.handshake().status()).isEqualTo(101);
      return server.capture.next();
    }
  }

  private static String clientKey(TestServer server, String header, String... values) throws Exception {
    RawHttp.Request request = RawHttp.upgrade(server.path());
    for (String value : values) {
      request.header(header, value);
    }
    return upgrade(server, request).client().key();
  }

  @Test
  void ignoresEveryForwardingHeaderFromAnUntrustedPeer() throws Exception {
    HandshakeRequest request = upgrade(exposed, RawHttp.upgrade(exposed.path())
        .header("X-Forwarded-For", "203.0.113.9")
        .header("Forwarded", "for=198.51.100.1;proto=https")
        .header("X-Real-IP", "192.0.2.1")
        .header("X-Forwarded-Proto", "https"));
    assertThat(request.client().key()).isEqualTo("127.0.0.1");
    assertThat(request.secure()).isFalse();
  }

  @Test
  void believesXForwardedForFromATrustedProxy() throws Exception {
    assertThat(clientKey(behindProxy, "X-Forwarded-For", "203.0.113.9")).isEqualTo("203.0.113.9");
  }

  @Test
  void takesTheNearestUntrustedHopOfSeveral() throws Exception {
    assertThat(clientKey(behindProxy, "X-Forwarded-For", "7.7.7.7, 203.0.113.9, 10.1.2.3")).isEqualTo("203.0.113.9");
  }

  @Test
  void readsSeveralXForwardedForHeadersInOrder() throws Exception {
    assertThat(clientKey(behindProxy, "X-Forwarded-For", "7.7.7.7", "203.0.113.9, 127.0.0.1")).isEqualTo("203.0.113.9");
  }

  @Test
  void fallsBackToTheLastTrustedHopAtGarbage() throws Exception {
    assertThat(clientKey(behindProxy, "X-Forwarded-For", "203.0.113.9, unknown")).isEqualTo("127.0.0.1");
    assertThat(clientKey(behindProxy, "X-Forwarded-For", "203.0.113.9, <script>, 10.4.4.4")).isEqualTo("10.4.4.4");
  }

  @Test
  void readsBracketedIpv6WithPortsAndGroupsItByPrefix() throws Exception {
    assertThat(clientKey(behindProxy, "X-Forwarded-For", "[2001:db8:1:2::5]:51000")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(clientKey(behindProxy, "X-Forwarded-For", "2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
        .isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(clientKey(behindProxy, "X-Forwarded-For", "2001:db8:1:3::5")).isEqualTo("2001:db8:1:3:0:0:0:0/64");
  }

  @Test
  void readsForwardedWithQuotedIpv6WhenTheProxiesWriteItAndIgnoresXForwardedFor() throws Exception {
    HandshakeRequest request = upgrade(behindRfc7239Proxy, RawHttp.upgrade(behindRfc7239Proxy.path())
        .header("Forwarded", "for=198.51.100.1, for=\"[2001:db8:cafe::17]:4711\";proto=https")
        .header("X-Forwarded-For", "203.0.113.9")
        .header("X-Forwarded-Proto", "http"));
    assertThat(request.client().key()).isEqualTo("2001:db8:cafe:0:0:0:0:0/64");
    assertThat(request.client().address().getHostAddress()).isEqualTo("2001:db8:cafe:0:0:0:0:17");
    assertThat(request.secure()).isTrue();
    assertThat(request.peer().getHostAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void aForwardedHeaderTheClientWroteIsIgnoredBehindAProxyThatWritesXForwardedFor() throws Exception {
    HandshakeRequest request = upgrade(behindProxy, RawHttp.upgrade(behindProxy.path())
        .header("Forwarded", "for=10.9.9.9;proto=https") // the client's own words, passed on by the proxy
        .header("X-Forwarded-For", "203.0.113.9"));
    assertThat(request.client().key()).isEqualTo("203.0.113.9");
    assertThat(request.secure()).isFalse();
  }

  @Test
  void unwrapsIpv4MappedAddresses() throws Exception {
    assertThat(clientKey(behindProxy, "X-Forwarded-For", "::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
  }

  @Test
  void countsSlotsAgainstTheResolvedClient() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(behindProxy.port(),
        RawHttp.upgrade(behindProxy.path()).header("X-Forwarded-For", "203.0.113.44"))) {
      assertThat(ws.handshake().status()).isEqualTo(101);
      Eventually.equals("slots of 203.0.113.44", 1L, () -> behindProxy.addressLeases("203.0.113.44"));
      // registered once the 101 is written, which the client may read first
      Eventually.equals("sockets of 203.0.113.44", 1, () -> behindProxy.registry().connectionsOf("203.0.113.44").size());
    }
    Eventually.equals("slots of 203.0.113.44", 0L, () -> behindProxy.addressLeases("203.0.113.44"));
  }
}
