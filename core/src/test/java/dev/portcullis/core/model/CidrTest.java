package dev.portcullis.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  private static InetAddress ip(String literal) {
    return IpLiteral.parse(literal);
  }

  @Test
  void anIpv4RangeContainsItsAddressesAndNothingElse() {
    Cidr range = Cidr.parse("10.0.0.0/8");

    assertThat(range.contains(ip("10.0.0.0"))).isTrue();
    assertThat(range.contains(ip("10.255.255.255"))).isTrue();
    assertThat(range.contains(ip("11.0.0.0"))).isFalse();
    assertThat(range.contains(ip("9.255.255.255"))).isFalse();
  }

  @Test
  void hostBitsInTheWrittenNetworkAreMaskedOff() {
    Cidr range = Cidr.parse("192.168.77.9/16");

    assertThat(range).hasToString("192.168.0.0/16");
    assertThat(range.contains(ip("192.168.1.1"))).isTrue();
  }

  @Test
  void anIpv6RangeContainsItsAddressesAndNothingElse() {
    Cidr range = Cidr.parse("2001:db8::/32");

    assertThat(range.contains(ip("2001:db8:ffff:1::1"))).isTrue();
    assertThat(range.contains(ip("2001:db9::1"))).isFalse();
    assertThat(range.contains(ip("10.0.0.1"))).as("another family").isFalse();
  }

  @Test
  void aBareAddressIsARangeOfOne() {
    Cidr v4 = Cidr.parse("192.0.2.1");
    Cidr v6 = Cidr.parse("2001:db8::1");

    assertThat(v4).hasToString("192.0.2.1/32");
    assertThat(v4.contains(ip("192.0.2.1"))).isTrue();
    assertThat(v4.contains(ip("192.0.2.2"))).isFalse();
    assertThat(v6.prefixLength()).isEqualTo(128);
    assertThat(v6.contains(ip("2001:db8::1"))).isTrue();
    assertThat(v6.contains(ip("2001:db8::2"))).isFalse();
  }

  @Test
  void aZeroPrefixContainsEveryAddressOfItsFamily() {
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
    assertThat(Cidr.parse("::/0").contains(ip("2001:db8::9"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/abc",
      "10.0.0.0/8/8", "10.0.0.0/1000", "10.0.0.0/ 8"})
  void aBadPrefixIsRefused(String text) {
    assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "localhost/8", "example.com/24", "127.1/8"})
  void aHostNameIsRefusedWithoutBeingResolved(String text) {
    // "localhost" would resolve without a network; "127.1" is what getByName would read as 127.0.0.1.
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an IP address");
  }

  @Test
  void anIpv4MappedRangeIsTheIpv4RangeAndMatchesMappedCandidates() throws UnknownHostException {
    Cidr range = Cidr.parse("::ffff:10.1.2.3/8");
    InetAddress mappedCandidate = Inet6Address.getByAddress(null, new byte[] {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 9, 9, 9}, -1);

    assertThat(range).hasToString("10.0.0.0/8");
    assertThat(range.contains(ip("10.200.0.1"))).isTrue();
    assertThat(range.contains(mappedCandidate)).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").contains(mappedCandidate)).isTrue();
  }

  @Test
  void aCidrSetParsesACommaSeparatedListAndMatchesAnyOfItsRanges() {
    CidrSet set = CidrSet.parse(" 10.0.0.0/8 , ,2001:db8::/32 ");

    assertThat(set.ranges()).hasSize(2);
    assertThat(set.contains(ip("10.1.1.1"))).isTrue();
    assertThat(set.contains(ip("2001:db8::5"))).isTrue();
    assertThat(set.contains(ip("192.0.2.1"))).isFalse();
    assertThat(CidrSet.parse("  ").isEmpty()).isTrue();
    assertThat(CidrSet.EMPTY.contains(ip("10.1.1.1"))).isFalse();
  }
}
