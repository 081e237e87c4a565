package dev.portcullis.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  @Test
  void anIpv4AddressIsItsOwnKey() {
    ClientAddress client = ClientAddress.of(IpLiteral.parse("203.0.113.5"), 64);

    assertThat(client.key()).isEqualTo("203.0.113.5");
    assertThat(client.address()).isEqualTo(IpLiteral.parse("203.0.113.5"));
    assertThat(client).hasToString("203.0.113.5");
  }

  @Test
  void anIpv4MappedIpv6AddressIsTheIpv4ClientItCarries() throws UnknownHostException {
    InetAddress mapped = Inet6Address.getByAddress(null, new byte[] {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 203, 0, 113, 5}, -1);
    assertThat(mapped).isInstanceOf(Inet6Address.class);

    ClientAddress client = ClientAddress.of(mapped, 64);

    assertThat(client.key()).isEqualTo("203.0.113.5");
    assertThat(client.address()).isInstanceOf(Inet4Address.class);
    assertThat(client).isEqualTo(ClientAddress.of(IpLiteral.parse("203.0.113.5"), 64));
  }

  @Test
  void anIpv6AddressIsGroupedByItsSixtyFourBitPrefixByDefault() {
    ClientAddress client = ClientAddress.of(IpLiteral.parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), 64);

    assertThat(client.key()).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(client.address()).as("the address really used").isEqualTo(IpLiteral.parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
  }

  @Test
  void aPrefixOf128KeepsTheWholeIpv6AddressWithoutASuffix() {
    ClientAddress client = ClientAddress.of(IpLiteral.parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), 128);

    assertThat(client.key()).isEqualTo("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
  }

  @Test
  void aPrefixOf48GroupsAWholeSite() {
    ClientAddress client = ClientAddress.of(IpLiteral.parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), 48);

    assertThat(client.key()).isEqualTo("2001:db8:1:0:0:0:0:0/48");
  }

  @Test
  void twoAddressesInOneSixtyFourShareAKeyAndNeighbouringPrefixesDoNot() {
    ClientAddress a = ClientAddress.of(IpLiteral.parse("2001:db8:1:2::1"), 64);
    ClientAddress b = ClientAddress.of(IpLiteral.parse("2001:db8:1:2:ffff:ffff:ffff:ffff"), 64);
    ClientAddress neighbour = ClientAddress.of(IpLiteral.parse("2001:db8:1:3::1"), 64);

    assertThat(a.key()).isEqualTo(b.key());
    assertThat(a.key()).isNotEqualTo(neighbour.key());
  }

  @Test
  void aZoneIdIsDroppedBecauseItNamesAnInterfaceNotAClient() throws UnknownHostException {
    byte[] linkLocal = IpLiteral.parse("fe80::1234").getAddress();
    InetAddress scoped = Inet6Address.getByAddress(null, linkLocal, 3);
    assertThat(((Inet6Address) scoped).getScopeId()).isEqualTo(3);

    ClientAddress client = ClientAddress.of(scoped, 128);

    assertThat(client.key()).isEqualTo("fe80:0:0:0:0:0:0:1234").doesNotContain("%");
    assertThat(((Inet6Address) client.address()).getScopeId()).isZero();
    assertThat(client).isEqualTo(ClientAddress.of(IpLiteral.parse("fe80::1234"), 128));
  }
}
