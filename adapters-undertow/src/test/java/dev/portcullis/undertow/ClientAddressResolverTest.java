package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.ForwardedHeader;
import dev.portcullis.core.model.CidrSet;
import dev.portcullis.core.model.IpLiteral;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressResolverTest {

  private static final InetAddress PROXY = IpLiteral.parse("10.0.0.5");
  private static final InetAddress STRANGER = IpLiteral.parse("198.51.100.77");
  private static final CidrSet PROXIES = CidrSet.parse("10.0.0.0/8, 2001:db8:ffff::/48");
  private final ClientAddressResolver resolver = new ClientAddressResolver(PROXIES, ForwardedHeader.X_FORWARDED_FOR, 64);
  private final ClientAddressResolver rfc7239 = new ClientAddressResolver(PROXIES, ForwardedHeader.FORWARDED, 64);

  private String xff(InetAddress peer, String... headers) {
    return resolver.resolve(peer, List.of(), List.of(headers)).key();
  }

  private String forwarded(InetAddress peer, String... headers) {
    return rfc7239.resolve(peer, List.of(headers), List.of()).key();
  }

  @Test
  void takesTheTcpPeerWhenThereAreNoForwardingHeaders() {
    assertThat(xff(STRANGER)).isEqualTo("198.51.100.77");
    assertThat(xff(PROXY)).isEqualTo("10.0.0.5");
  }

  @Test
  void ignoresForwardingHeadersFromAnUntrustedPeer() {
    assertThat(xff(STRANGER, "203.0.113.9")).isEqualTo("198.51.100.77");
    assertThat(forwarded(STRANGER, "for=203.0.113.9")).isEqualTo("198.51.100.77");
  }

  @Test
  void takesTheRightMostHopFromATrustedProxy() {
    assertThat(xff(PROXY, "1.1.1.1, 203.0.113.9")).isEqualTo("203.0.113.9");
  }

  @Test
  void skipsTrustedHopsFromTheRight() {
    assertThat(xff(PROXY, "203.0.113.9, 10.1.1.1, 10.2.2.2")).isEqualTo("203.0.113.9");
  }

  @Test
  void readsEveryHeaderInstanceInOrder() {
    assertThat(xff(PROXY, "1.1.1.1", "203.0.113.9, 10.1.1.1")).isEqualTo("203.0.113.9");
    assertThat(xff(PROXY, "203.0.113.9, 10.1.1.1", "1.1.1.1")).isEqualTo("1.1.1.1");
  }

  @Test
  void neverLetsAClientSpoofPastTheNearestUntrustedHop() {
    // the client wrote "10.9.9.9, 7.7.7.7"; the proxy appended the real 203.0.113.9
    assertThat(xff(PROXY, "10.9.9.9, 7.7.7.7, 203.0.113.9")).isEqualTo("203.0.113.9");
  }

  @Test
  void takesTheLeftMostHopWhenEveryHopIsTrusted() {
    assertThat(xff(PROXY, "10.3.3.3, 10.2.2.2")).isEqualTo("10.3.3.3");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(delimiter = '|', value = {
      "unknown", "_hidden", "not-an-ip", "999.1.1.1", "''", "203.0.113.9:notaport", "[2001:db8::1", "example.com"})
  void stopsAtAGarbageHopAndUsesTheLastTrustedHop(String garbage) {
    assertThat(xff(PROXY, "203.0.113.9, " + garbage)).isEqualTo("10.0.0.5");
    assertThat(xff(PROXY, "203.0.113.9, " + garbage + ", 10.7.7.7")).isEqualTo("10.7.7.7");
  }

  @Test
  void usesTheHopBeyondGarbageNeverWhenGarbageIsNearer() {
    assertThat(xff(PROXY, "unknown, 203.0.113.9")).isEqualTo("203.0.113.9");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "203.0.113.9:4711 | 203.0.113.9",
      "[2001:db8:1:2::5] | 2001:db8:1:2:0:0:0:0/64",
      "[2001:db8:1:2::5]:443 | 2001:db8:1:2:0:0:0:0/64",
      "2001:db8:1:2::5 | 2001:db8:1:2:0:0:0:0/64",
      "2001:DB8:1:2:0:0:0:5 | 2001:db8:1:2:0:0:0:0/64",
      "::ffff:203.0.113.9 | 203.0.113.9",
      "\"203.0.113.9\" | 203.0.113.9"})
  void readsPortsBracketsAndIpv6(String hop, String key) {
    assertThat(xff(PROXY, hop)).isEqualTo(key);
  }

  @Test
  void groupsIpv6ClientsByTheConfiguredPrefix() {
    assertThat(xff(PROXY, "2001:db8:1:2::5")).isEqualTo(xff(PROXY, "2001:db8:1:2:ffff:eeee:dddd:cccc"));
    assertThat(xff(PROXY, "2001:db8:1:2::5")).isNotEqualTo(xff(PROXY, "2001:db8:1:3::5"));
    ClientAddressResolver exact = new ClientAddressResolver(CidrSet.parse("10.0.0.0/8"), ForwardedHeader.X_FORWARDED_FOR,
        128);
    assertThat(exact.resolve(PROXY, List.of(), List.of("2001:db8:1:2::5")).key()).isEqualTo("2001:db8:1:2:0:0:0:5");
  }

  @Test
  void readsForwardedForValuesQuotedWithIpv6AndPorts() {
    assertThat(forwarded(PROXY, "for=198.51.100.1, for=\"[2001:db8:cafe::17]:4711\"")).isEqualTo("2001:db8:cafe:0:0:0:0:0/64");
    assertThat(forwarded(PROXY, "for=192.0.2.43;proto=https;by=10.0.0.5")).isEqualTo("192.0.2.43");
    assertThat(forwarded(PROXY, "For=\"192.0.2.60:8080\";host=example.com")).isEqualTo("192.0.2.60");
  }

  @Test
  void readsEveryForwardedHeaderAndSkipsTrustedHops() {
    assertThat(forwarded(PROXY, "for=1.1.1.1", "for=203.0.113.9, for=10.1.1.1")).isEqualTo("203.0.113.9");
  }

  @Test
  void treatsObfuscatedOrMissingForwardedNodesAsGarbage() {
    assertThat(forwarded(PROXY, "for=203.0.113.9, for=_hidden")).isEqualTo("10.0.0.5");
    assertThat(forwarded(PROXY, "for=203.0.113.9, for=unknown")).isEqualTo("10.0.0.5");
    assertThat(forwarded(PROXY, "for=203.0.113.9, proto=https")).isEqualTo("10.0.0.5");
  }

  @Test
  void keepsACommaInsideAQuotedForwardedValueInOneElement() {
    assertThat(forwarded(PROXY, "for=203.0.113.9, for=\"a,b\"")).isEqualTo("10.0.0.5");
  }

  @Test
  void readsOnlyTheHeaderTheProxiesWriteSoAClientCannotNameItselfInTheOther() {
    // the proxy appended the peer it saw to X-Forwarded-For and passed the client's Forwarded on untouched
    assertThat(resolver.resolve(PROXY, List.of("for=192.0.2.43"), List.of("203.0.113.9")).key()).isEqualTo("203.0.113.9");
    // and the other way round
    assertThat(rfc7239.resolve(PROXY, List.of("for=192.0.2.43"), List.of("203.0.113.9")).key()).isEqualTo("192.0.2.43");
    assertThat(rfc7239.resolve(PROXY, List.of(), List.of("203.0.113.9")).key()).as("no Forwarded: the proxy itself")
        .isEqualTo("10.0.0.5");
  }

  @Test
  void trustsIpv6ProxiesByRange() {
    InetAddress v6proxy = IpLiteral.parse("2001:db8:ffff::1");
    assertThat(xff(v6proxy, "203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(xff(IpLiteral.parse("2001:db8:eeee::1"), "203.0.113.9")).isEqualTo("2001:db8:eeee:0:0:0:0:0/64");
  }

  @Test
  void readsTheLastForwardedProto() {
    assertThat(ForwardedHops.lastForwardedProto(List.of("for=1.1.1.1;proto=http, for=2.2.2.2;proto=HTTPS"))).isEqualTo("https");
    assertThat(ForwardedHops.lastForwardedProto(List.of("for=1.1.1.1;proto=https, for=2.2.2.2"))).isNull();
  }

  @Test
  void identifiesAsResolveDoesButNamesNobodyWhereATrustedProxysHopNamesNoAddress() {
    assertThat(resolver.identify(PROXY, List.of(), List.of("203.0.113.9, 10.1.1.1")))
        .hasValueSatisfying(client -> assertThat(client.key()).isEqualTo("203.0.113.9"));
    assertThat(resolver.identify(PROXY, List.of(), List.of())).hasValueSatisfying(
        client -> assertThat(client.key()).isEqualTo("10.0.0.5"));
    assertThat(resolver.identify(STRANGER, List.of(), List.of("unknown")))
        .hasValueSatisfying(client -> assertThat(client.key()).isEqualTo("198.51.100.77"));
    assertThat(resolver.identify(PROXY, List.of(), List.of("203.0.113.9, unknown"))).isEmpty();
    assertThat(rfc7239.identify(PROXY, List.of("for=_hidden"), List.of())).isEmpty();
    assertThat(rfc7239.identify(PROXY, List.of("proto=https"), List.of())).isEmpty();
    assertThat(resolver.resolve(PROXY, List.of(), List.of("203.0.113.9, unknown")).key()).isEqualTo("10.0.0.5");
  }
}
