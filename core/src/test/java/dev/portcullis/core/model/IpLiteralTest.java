package dev.portcullis.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

  @Test
  void parsesAnIpv4DottedQuad() {
    assertThat(IpLiteral.parse(" 192.0.2.1 ")).isInstanceOf(Inet4Address.class)
        .extracting(a -> a.getHostAddress()).isEqualTo("192.0.2.1");
  }

  @Test
  void parsesIpv6WithOrWithoutBracketsAndWithoutItsZone() {
    assertThat(IpLiteral.parse("2001:db8::1")).isInstanceOf(Inet6Address.class);
    assertThat(IpLiteral.parse("[2001:db8::1]")).isEqualTo(IpLiteral.parse("2001:db8::1"));
    assertThat(IpLiteral.parse("fe80::1%eth0")).isEqualTo(IpLiteral.parse("fe80::1"));
    assertThat(IpLiteral.parse("::1").isLoopbackAddress()).isTrue();
  }

  @Test
  void aHostNameThatDnsWouldResolveIsStillRefused() {
    // "localhost" resolves without any network; refusing it proves no lookup was made.
    assertThatThrownBy(() -> IpLiteral.parse("localhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'localhost' is not an IP address");
    assertThat(IpLiteral.isLiteral("localhost")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "127.1", "0x7f.0.0.1", "010.0.0.1", "256.1.1.1", "1.2.3.4.5", "", " ", "example.com", "[localhost]",
      "dead:beef::g", "1:2:3:4:5:6:7:8:9", ".:1", ".1:2", "::ffff:999.0.0.1"})
  void aStringThatIsNotAStrictIpLiteralIsRefused(String text) {
    assertThat(IpLiteral.isLiteral(text)).isFalse();
    assertThatThrownBy(() -> IpLiteral.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aVeryLongInputIsAbbreviatedInTheMessage() {
    String text = "x".repeat(500);

    assertThatThrownBy(() -> IpLiteral.parse(text))
        .hasMessageStartingWith("'" + "x".repeat(64) + "...'")
        .message().hasSizeLessThan(120);
  }
}
