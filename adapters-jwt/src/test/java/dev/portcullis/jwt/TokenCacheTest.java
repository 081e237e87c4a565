package dev.portcullis.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.config.Secret;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** The principal cache: hits skip verification, never outlive {@code exp}, never hold refusals. */
class TokenCacheTest {

  private final MutableClock clock = MutableClock.aligned();
  private final Instant now = clock.instant();
  private final CountingKeySource keys = new CountingKeySource(new SecretKeySource(new Secret(Tokens.SECRET)));

  private JjwtAuthenticator authenticator(Duration ttl) {
    AuthConfig config = Configs.hmac(b -> b.tokenCacheTtl(ttl).jwtIssuer("https://login.example.com"));
    return new JjwtAuthenticator(config, clock, keys);
  }

  private static AuthResult check(JjwtAuthenticator auth, String token) {
    return auth.authenticate(new BearerToken(token, BearerToken.Carrier.HEADER));
  }

  private String token(Duration lifetime) {
    return Tokens.hs256(now, b -> b.issuer("https://login.example.com").expiration(Date.from(now.plus(lifetime))));
  }

  @Test
  void answersARepeatedTokenWithoutVerifyingItAgain() {
    JjwtAuthenticator auth = authenticator(Duration.ofSeconds(300));
    String token = token(Duration.ofHours(1));

    AuthResult first = check(auth, token);
    AuthResult second = check(auth, token);

    assertThat(second).isEqualTo(first).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(keys.lookups()).isEqualTo(1);
  }

  @Test
  void verifiesAgainOnceTheTimeToLiveHasPassed() {
    JjwtAuthenticator auth = authenticator(Duration.ofSeconds(10));
    String token = token(Duration.ofHours(1));

    check(auth, token);
    clock.advance(Duration.ofSeconds(9));
    check(auth, token);
    assertThat(keys.lookups()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(check(auth, token)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(keys.lookups()).isEqualTo(2);
  }

  @Test
  void neverServesACachedTokenAtOrPastItsExpiry() {
    JjwtAuthenticator auth = authenticator(Duration.ofSeconds(300));
    String token = token(Duration.ofSeconds(60));

    check(auth, token);
    clock.advance(Duration.ofSeconds(59));
    assertThat(check(auth, token)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(keys.lookups()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(check(auth, token)).isEqualTo(new AuthResult.Rejected(AuthFailure.EXPIRED));
  }

  @Test
  void neverCachesARefusal() {
    JjwtAuthenticator auth = authenticator(Duration.ofSeconds(300));
    String wrongIssuer = Tokens.hs256(now, b -> b.issuer("https://evil.example.com"));

    check(auth, wrongIssuer);
    check(auth, wrongIssuer);

    assertThat(keys.lookups()).isEqualTo(2);
  }

  @Test
  void cachesNothingWhenTheTimeToLiveIsZero() {
    JjwtAuthenticator auth = authenticator(Duration.ZERO);
    String token = token(Duration.ofHours(1));

    check(auth, token);
    check(auth, token);

    assertThat(keys.lookups()).isEqualTo(2);
  }

  @Test
  void keepsNoMoreEntriesThanItsBound() {
    TokenCache cache = new TokenCache(Duration.ofSeconds(300), clock, 10);
    Principal principal = new Principal("u", null, java.util.Set.of(), null, null, now.plusSeconds(3600));

    for (int i = 0; i < 500; i++) {
      cache.put(TokenCache.Digest.of("token-" + i), principal);
    }

    long kept = java.util.stream.IntStream.range(0, 500)
        .filter(i -> cache.get(TokenCache.Digest.of("token-" + i)) != null).count();
    assertThat(kept).isBetween(1L, 10L);
  }
}
