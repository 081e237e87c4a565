package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.ForwardedHeader;
import dev.portcullis.core.config.NetworkConfig;
import dev.portcullis.core.model.CidrSet;
import dev.portcullis.core.policy.Verdict;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginPolicyTest {

  private final OriginPolicy allowList = new OriginPolicy(network(Set.of("https://app.example.com")));
  private final OriginPolicy sameHost = new OriginPolicy(network(Set.of()));

  private static NetworkConfig network(Set<String> allowedOrigins) {
    return new NetworkConfig(allowedOrigins, CidrSet.EMPTY, ForwardedHeader.X_FORWARDED_FOR, 64);
  }

  @Test
  void admitsARequestWithoutOrigin() {
    assertThat(allowList.evaluate(Handshakes.withOrigin(null, "ws.example.com"))).isEqualTo(Verdict.allow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://app.example.com", "HTTPS://APP.EXAMPLE.COM", "https://app.example.com:443"})
  void admitsAnAllowedOriginInAnySpelling(String origin) {
    assertThat(allowList.evaluate(Handshakes.withOrigin(origin, "ws.example.com"))).isEqualTo(Verdict.allow());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://evil.example", "https://app.example.com.evil.com", "https://evilapp.example.com", "null",
      "http://app.example.com", "https://app.example.com:8443", "http://127.0.0.1", "https://app.example.com/path",
      "file://", ""})
  void refusesLookalikesOfAnAllowedOrigin(String origin) {
    assertThat(allowList.evaluate(Handshakes.withOrigin(origin, "ws.example.com")))
        .isInstanceOfSatisfying(Verdict.Refuse.class, r -> {
          assertThat(r.code()).isEqualTo("origin_not_allowed");
          assertThat(r.status()).isEqualTo(403);
        });
  }

  @Test
  void withoutAnAllowListAdmitsOnlyThePageOfTheSameHostAndPort() {
    assertThat(sameHost.evaluate(Handshakes.withOrigin("http://localhost:8350", "localhost:8350")))
        .isEqualTo(Verdict.allow());
    assertThat(sameHost.evaluate(Handshakes.withOrigin("https://ws.example.com", "WS.example.com:443")))
        .isEqualTo(Verdict.allow());
    assertThat(sameHost.evaluate(Handshakes.withOrigin("http://localhost:9999", "localhost:8350")))
        .isInstanceOf(Verdict.Refuse.class);
    assertThat(sameHost.evaluate(Handshakes.withOrigin("https://evil.example", "localhost:8350")))
        .isInstanceOf(Verdict.Refuse.class);
    assertThat(sameHost.evaluate(Handshakes.withOrigin("http://localhost:8350", null)))
        .isInstanceOf(Verdict.Refuse.class);
  }
}
