package dev.portcullis.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.Profile;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** The development bypass, and a node with no key at all. */
class BypassTest {

  private final MutableClock clock = MutableClock.aligned();

  @Test
  void grantsTheDevelopmentUserWithoutATokenUnderTheBypass() {
    AuthConfig config = PortcullisConfig.builder().profile(Profile.DEVELOPMENT).authBypass(true)
        .devUserId("alice-dev").build().auth();

    assertThat(new JjwtAuthenticator(config, clock).withoutToken()).contains(Principal.untokened("alice-dev"));
  }

  @Test
  void grantsNothingWithoutATokenOtherwise() {
    assertThat(new JjwtAuthenticator(Configs.hmac(), clock).withoutToken()).isEmpty();
  }

  @Test
  void refusesEveryPresentedTokenWhenNoKeyIsConfigured() {
    AuthConfig config = PortcullisConfig.builder().requireAuth(false).build().auth();
    JjwtAuthenticator auth = new JjwtAuthenticator(config, clock);

    AuthResult result = auth.authenticate(new BearerToken(Tokens.hs256(clock.instant()), BearerToken.Carrier.HEADER));

    assertThat(result).isEqualTo(new AuthResult.Rejected(AuthFailure.KEYS_UNAVAILABLE));
    assertThat(auth.withoutToken()).isEmpty();
  }
}
