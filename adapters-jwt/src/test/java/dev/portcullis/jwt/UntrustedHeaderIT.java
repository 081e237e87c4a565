package dev.portcullis.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.testing.MutableClock;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import java.net.URI;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * AUTH-08: a token whose {@code jku} or {@code x5u} points at a canary server is refused, and the
 * canary is never asked anything, whichever key source the node uses.
 */
class UntrustedHeaderIT {

  private final MutableClock clock = MutableClock.aligned();
  private final JwksServer canary = new JwksServer();
  private final JwksServer jwks = new JwksServer();
  private final KeyPair attacker = TestKeys.ec("secp256r1");

  @AfterEach
  void stop() {
    canary.close();
    jwks.close();
  }

  private String pointingAtTheCanary(String header) {
    canary.publish(Jwks.builder().key((ECPublicKey) attacker.getPublic()).id("attacker").build());
    return Jwts.builder().header().keyId("attacker").add(header, canary.url().toString()).and()
        .subject("admin").expiration(Date.from(clock.instant().plusSeconds(600)))
        .signWith(attacker.getPrivate(), Jwts.SIG.ES256).compact();
  }

  @Test
  void refusesJkuAndX5uWithoutFetchingThem() {
    jwks.publish(Jwks.builder().key((ECPublicKey) TestKeys.EC256.getPublic()).id("k1").build());
    List<JjwtAuthenticator> nodes = List.of(
        new JjwtAuthenticator(Configs.pem(TestKeys.pem(TestKeys.EC256.getPublic()), b -> b), clock),
        new JjwtAuthenticator(PortcullisConfig.builder().jwksUrl(jwksUrl()).tokenCacheTtl(Duration.ZERO)
            .build().auth(), clock));

    for (JjwtAuthenticator node : nodes) {
      for (String header : List.of("jku", "x5u")) {
        AuthResult result = node.authenticate(new BearerToken(pointingAtTheCanary(header), BearerToken.Carrier.HEADER));
        assertThat(result).as(header).isEqualTo(new AuthResult.Rejected(AuthFailure.UNTRUSTED_HEADER));
      }
    }
    assertThat(canary.requests()).isZero();
  }

  private URI jwksUrl() {
    return jwks.url();
  }
}
