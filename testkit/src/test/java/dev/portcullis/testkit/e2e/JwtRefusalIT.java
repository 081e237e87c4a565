package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertBadToken;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.TokenMinter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a token can be wrong (catalogue AUTH-01..17), refused over the wire with {@code 401} and
 * {@code WWW-Authenticate: Bearer error="invalid_token"}. Each case comes from its own address, so the
 * failed-authentication block never interferes.
 */
class JwtRefusalIT {

  /** 64 bytes: long enough for HS512, so that only the allow-list keeps HS512 out. */
  static final String SECRET = "jwt-refusal-it-secret-long-enough-for-every-hmac-algorithm-0123456";
  static final String ISSUER = "https://login.example.com";
  static final String AUDIENCE = "portcullis-e2e";
  static final String PARTY = "https://app.example.com";

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).jwtIssuer(ISSUER)
      .jwtAudience(AUDIENCE).jwtAuthorizedParties(Set.of(PARTY)).jwtAlgorithms(Set.of("HS256"))
      .authTimeout(Duration.ZERO));

  /** A token the server accepts; every case below breaks one thing about it. */
  static final TokenMinter GOOD = TokenMinter.hmac(SECRET).issuer(ISSUER).audience(AUDIENCE).azp(PARTY).subject("erin");

  @Test
  void aTokenWithEveryRequiredClaimRightIsAccepted() {
    Wire.assertUpgrades(RawHandshake.to(server.uri()).from(Peers.next()).bearer(GOOD.mint()));
  }

  @Test
  void anAudienceArrayHoldingOursIsAccepted() {
    Wire.assertUpgrades(RawHandshake.to(server.uri()).from(Peers.next())
        .bearer(GOOD.audience(List.of("another-service", AUDIENCE)).mint()));
  }

  static Stream<Arguments> brokenTokens() {
    Instant now = Instant.now();
    String good = GOOD.mint();
    return Stream.of(
        arguments("expired beyond the clock skew", GOOD.issuedAt(now.minusSeconds(600)).expiresAt(now.minusSeconds(60)).mint()),
        arguments("without exp", GOOD.withoutExpiry().mint()),
        arguments("alg none without a signature", GOOD.mintUnsigned()),
        arguments("alg none with the good token's signature", withHeader(good, "{\"alg\":\"none\"}")),
        arguments("alg NoNe in mixed case", withHeader(GOOD.mintUnsigned(), "{\"alg\":\"NoNe\"}")),
        arguments("header.payload. with the signature stripped", good.substring(0, good.lastIndexOf('.') + 1)),
        arguments("signed with HS512, which is not on the algorithm allow-list", GOOD.algorithm("HS512").mint()),
        arguments("signed with another secret", TokenMinter.hmac(SECRET + "-not").issuer(ISSUER).audience(AUDIENCE)
            .azp(PARTY).subject("erin").mint()),
        arguments("a tampered payload under the original signature", withPayload(good, "\"sub\":\"erin\"", "\"sub\":\"root\"")),
        arguments("a wrong issuer", GOOD.issuer("https://evil.example").mint()),
        arguments("an issuer with our issuer as prefix", GOOD.issuer(ISSUER + ".evil").mint()),
        arguments("an issuer in another case", GOOD.issuer(ISSUER.toUpperCase()).mint()),
        arguments("another service's audience", GOOD.audience("another-service").mint()),
        arguments("an audience array without ours", GOOD.audience(List.of("a", "b")).mint()),
        arguments("no audience", GOOD.claim("aud", null).mint()),
        arguments("a wrong authorized party", GOOD.azp("https://evil.example").mint()),
        arguments("no authorized party", GOOD.claim("azp", null).mint()),
        arguments("not before two minutes from now", GOOD.notBefore(now.plusSeconds(120)).mint()),
        arguments("issued a year in the future", GOOD.issuedAt(now.plus(Duration.ofDays(365))).mint()),
        arguments("no subject", GOOD.claim("sub", null).mint()),
        arguments("not a JWT at all", "not-a-jwt"),
        arguments("an unsupported crit header", withHeader(good, "{\"alg\":\"HS256\",\"crit\":[\"x-unknown\"],\"x-unknown\":1}")));
  }

  @ParameterizedTest(name = "a token {0} is refused 401 invalid_token")
  @MethodSource("brokenTokens")
  void aBrokenTokenIsRefusedWithUnauthorizedAndAnInvalidTokenChallenge(String situation, String token) {
    assertBadToken(RawHandshake.to(server.uri()).from(Peers.next()).bearer(token).send());
  }

  /** The token with its header replaced, the payload and signature kept. */
  static String withHeader(String token, String headerJson) {
    String[] parts = token.split("\\.", -1);
    return encode(headerJson) + "." + parts[1] + "." + parts[2];
  }

  /** The token with text in its payload replaced, the header and signature kept. */
  static String withPayload(String token, String from, String to) {
    String[] parts = token.split("\\.", -1);
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    if (!payload.contains(from)) {
      throw new IllegalArgumentException("the payload has no " + from);
    }
    return parts[0] + "." + encode(payload.replace(from, to)) + "." + parts[2];
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
