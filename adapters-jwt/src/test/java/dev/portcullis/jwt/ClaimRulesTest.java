package dev.portcullis.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The claim rules, on HS256 tokens signed with the configured secret and a clock the test holds. */
class ClaimRulesTest {

  private final MutableClock clock = MutableClock.aligned();
  private final Instant now = clock.instant();

  private AuthResult check(AuthConfig config, String token) {
    return new JjwtAuthenticator(config, clock).authenticate(new BearerToken(token, BearerToken.Carrier.HEADER));
  }

  private AuthResult check(String token) {
    return check(Configs.hmac(), token);
  }

  private static AuthResult refused(AuthFailure reason) {
    return new AuthResult.Rejected(reason);
  }

  @Test
  void acceptsAValidHs256TokenAndNamesItsPrincipal() {
    String token = Tokens.hs256(now, b -> b.claim("sid", "sess-9").id("jti-1")
        .claim("roles", List.of("admin", "reader")));

    AuthResult result = check(token);

    assertThat(result).isEqualTo(new AuthResult.Authenticated(new Principal("user-1", "sess-9",
        Set.of("admin", "reader"), "jti-1", now, now.plus(Duration.ofHours(1)))));
  }

  @Test
  void readsRolesGivenAsASpaceSeparatedString() {
    String token = Tokens.hs256(now, b -> b.claim("roles", " admin  reader "));

    AuthResult result = check(token);

    assertThat(((AuthResult.Authenticated) result).principal().roles()).containsExactlyInAnyOrder("admin", "reader");
  }

  @Test
  void givesNoRolesForARolesClaimOfAnotherShape() {
    String token = Tokens.hs256(now, b -> b.claim("roles", 42));

    AuthResult result = check(token);

    assertThat(((AuthResult.Authenticated) result).principal().roles()).isEmpty();
  }

  @Test
  void refusesAnExpiredToken() {
    String token = Tokens.hs256(now, b -> b.expiration(Date.from(now.minusSeconds(1))));

    assertThat(check(token)).isEqualTo(refused(AuthFailure.EXPIRED));
  }

  @Test
  void refusesATokenWhoseExpiryIsExactlyNow() {
    String token = Tokens.hs256(now, b -> b.expiration(Date.from(now)));

    assertThat(check(token)).isEqualTo(refused(AuthFailure.EXPIRED));
  }

  @Test
  void acceptsATokenExpiredLessThanTheSkewAgoButNotOneExpiredExactlyTheSkewAgo() {
    AuthConfig skewed = Configs.hmac(b -> b.jwtClockSkew(Duration.ofSeconds(30)));

    String withinSkew = Tokens.hs256(now, b -> b.expiration(Date.from(now.minusSeconds(29))));
    String atSkew = Tokens.hs256(now, b -> b.expiration(Date.from(now.minusSeconds(30))));

    assertThat(check(skewed, withinSkew)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(check(skewed, atSkew)).isEqualTo(refused(AuthFailure.EXPIRED));
  }

  @Test
  void refusesATokenWithoutExpiry() {
    String token = Tokens.hs256(now, b -> b.expiration(null));

    assertThat(check(token)).isEqualTo(refused(AuthFailure.MISSING_EXPIRY));
  }

  @Test
  void refusesATokenNotYetValidBeyondTheSkew() {
    AuthConfig skewed = Configs.hmac(b -> b.jwtClockSkew(Duration.ofSeconds(30)));

    String early = Tokens.hs256(now, b -> b.notBefore(Date.from(now.plusSeconds(120))));
    String withinSkew = Tokens.hs256(now, b -> b.notBefore(Date.from(now.plusSeconds(20))));

    assertThat(check(skewed, early)).isEqualTo(refused(AuthFailure.NOT_YET_VALID));
    assertThat(check(skewed, withinSkew)).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void refusesATokenIssuedInTheFutureBeyondTheSkew() {
    AuthConfig skewed = Configs.hmac(b -> b.jwtClockSkew(Duration.ofSeconds(30)));
    Instant nextYear = now.plus(Duration.ofDays(365));

    String future = Tokens.hs256(now, b -> b.issuedAt(Date.from(nextYear)).expiration(Date.from(nextYear.plusSeconds(60))));
    String withinSkew = Tokens.hs256(now, b -> b.issuedAt(Date.from(now.plusSeconds(20))));

    assertThat(check(skewed, future)).isEqualTo(refused(AuthFailure.ISSUED_IN_FUTURE));
    assertThat(check(skewed, withinSkew)).isInstanceOf(AuthResult.Authenticated.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://evil.example.com", "https://login.example.com.evil", "https://LOGIN.example.com",
      "https://login.example.com/", ""})
  void refusesAnIssuerThatIsNotExactlyTheConfiguredOne(String issuer) {
    AuthConfig config = Configs.hmac(b -> b.jwtIssuer("https://login.example.com"));

    String token = Tokens.hs256(now, b -> b.issuer(issuer));

    assertThat(check(config, token)).isEqualTo(refused(AuthFailure.WRONG_ISSUER));
  }

  @Test
  void acceptsTheConfiguredIssuerAndRefusesATokenWithoutOne() {
    AuthConfig config = Configs.hmac(b -> b.jwtIssuer("https://login.example.com"));

    assertThat(check(config, Tokens.hs256(now, b -> b.issuer("https://login.example.com"))))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(check(config, Tokens.hs256(now))).isEqualTo(refused(AuthFailure.WRONG_ISSUER));
  }

  /** {@code aud} as one string, not an array (RFC 7519 §4.1.3 allows both). */
  private String withStringAudience(String audience) {
    return Tokens.hmacWith(Tokens.SECRET.getBytes(), "{\"alg\":\"HS256\"}", "{\"sub\":\"user-1\",\"aud\":\"" + audience
        + "\",\"exp\":" + (now.getEpochSecond() + 60) + "}");
  }

  @Test
  void refusesAnAudienceWithoutOurs() {
    AuthConfig config = Configs.hmac(b -> b.jwtAudience("portcullis"));

    String missing = Tokens.hs256(now);
    String other = withStringAudience("billing");
    String arrayWithoutOurs = Tokens.hs256(now, b -> b.audience().add("billing").add("reports").and());

    assertThat(check(config, missing)).isEqualTo(refused(AuthFailure.WRONG_AUDIENCE));
    assertThat(check(config, other)).isEqualTo(refused(AuthFailure.WRONG_AUDIENCE));
    assertThat(check(config, arrayWithoutOurs)).isEqualTo(refused(AuthFailure.WRONG_AUDIENCE));
  }

  @Test
  void acceptsOurAudienceAloneOrInAnArray() {
    AuthConfig config = Configs.hmac(b -> b.jwtAudience("portcullis"));

    String single = withStringAudience("portcullis");
    String array = Tokens.hs256(now, b -> b.audience().add("billing").add("portcullis").and());

    assertThat(check(config, single)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(check(config, array)).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void refusesAWrongOrMissingAuthorizedParty() {
    AuthConfig config = Configs.hmac(b -> b.jwtAuthorizedParties(Set.of("https://app.example.com")));

    String wrong = Tokens.hs256(now, b -> b.claim("azp", "https://evil.example.com"));
    String missing = Tokens.hs256(now);
    String notAString = Tokens.hs256(now, b -> b.claim("azp", List.of("https://app.example.com")));
    String right = Tokens.hs256(now, b -> b.claim("azp", "https://app.example.com"));

    assertThat(check(config, wrong)).isEqualTo(refused(AuthFailure.WRONG_AUTHORIZED_PARTY));
    assertThat(check(config, missing)).isEqualTo(refused(AuthFailure.WRONG_AUTHORIZED_PARTY));
    assertThat(check(config, notAString)).isEqualTo(refused(AuthFailure.WRONG_AUTHORIZED_PARTY));
    assertThat(check(config, right)).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void refusesATokenWithoutSubject() {
    assertThat(check(Tokens.hs256(now, b -> b.subject(null)))).isEqualTo(refused(AuthFailure.MISSING_SUBJECT));
    assertThat(check(Tokens.hs256(now, b -> b.subject("  ")))).isEqualTo(refused(AuthFailure.MISSING_SUBJECT));
  }

  @Test
  void refusesAnExpiryThatIsNotANumericDate() {
    String token = Tokens.hmacWith(Tokens.SECRET.getBytes(), "{\"alg\":\"HS256\"}",
        "{\"sub\":\"user-1\",\"exp\":\"tomorrow\"}");

    assertThat(check(token)).isEqualTo(refused(AuthFailure.MALFORMED));
  }

  @Test
  void refusesDuplicatedClaims() {
    String token = Tokens.hmacWith(Tokens.SECRET.getBytes(), "{\"alg\":\"HS256\"}",
        "{\"sub\":\"user-1\",\"sub\":\"admin\",\"exp\":" + (now.getEpochSecond() + 60) + "}");

    assertThat(check(token)).isInstanceOf(AuthResult.Rejected.class);
  }

  @Test
  void refusesATamperedPayload() {
    String token = Tokens.hs256(now);
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + Tokens.b64("{\"sub\":\"admin\",\"exp\":" + (now.getEpochSecond() + 60) + "}")
        + "." + parts[2];

    assertThat(check(forged)).isEqualTo(refused(AuthFailure.BAD_SIGNATURE));
  }

  @Test
  void refusesATokenSignedWithAnotherSecret() {
    String token = Tokens.sign(Tokens.secretKey("another-secret-that-is-32-bytes-long!", "HmacSHA256"),
        io.jsonwebtoken.Jwts.SIG.HS256, now, b -> b);

    assertThat(check(token)).isEqualTo(refused(AuthFailure.BAD_SIGNATURE));
  }

  @Test
  void refusesAnEmptyToken() {
    assertThat(check("  ")).isEqualTo(refused(AuthFailure.MISSING));
  }
}
