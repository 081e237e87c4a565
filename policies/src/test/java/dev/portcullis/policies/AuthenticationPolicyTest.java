package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.Profile;
import dev.portcullis.core.engine.AddressBlocker;
import dev.portcullis.core.engine.FailedAuthTracker;
import dev.portcullis.core.engine.SecurityEvents;
import dev.portcullis.core.event.AuthenticationFailed;
import dev.portcullis.core.event.SecurityEvent;
import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.memory.InMemoryRevocationList;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.port.Revocation;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AuthenticationPolicyTest {

  private static final String GOOD = "good-token";
  private static final Instant ISSUED = MutableClock.ALIGNED_START.minusSeconds(60);
  private final MutableClock clock = MutableClock.aligned();
  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  private final InMemoryBlockList blocks = new InMemoryBlockList(clock);
  private final InMemoryRevocationList revocations = new InMemoryRevocationList(clock);

  /** Accepts {@link #GOOD} as alice; refuses anything else as a bad signature. */
  private static final class OneTokenAuth implements AuthPort {
    private final Optional<Principal> bypass;

    OneTokenAuth(Optional<Principal> bypass) {
      this.bypass = bypass;
    }

    @Override
    public AuthResult authenticate(BearerToken token) {
      return token.value().equals(GOOD)
          ? new AuthResult.Authenticated(new Principal("alice", null, Set.of(), "jti-good", ISSUED, null))
          : new AuthResult.Rejected(AuthFailure.BAD_SIGNATURE);
    }

    @Override
    public Optional<Principal> withoutToken() {
      return bypass;
    }
  }

  private AuthenticationPolicy policy(UnaryOperator<PortcullisConfig.Builder> settings, Optional<Principal> bypass) {
    PortcullisConfig config = settings.apply(PortcullisConfig.builder().jwtSecret("s".repeat(32))).build();
    SecurityEvents bus = new SecurityEvents(List.of(events::add));
    InMemoryRateLimiter counters = new InMemoryRateLimiter(clock);
    AddressBlocker blocker = new AddressBlocker(blocks, counters, config.blocking(), bus, clock, () -> 0);
    FailedAuthTracker failures = new FailedAuthTracker(counters, blocker, bus, config.blocking(), clock);
    return new AuthenticationPolicy(new OneTokenAuth(bypass), failures, revocations, config.auth());
  }

  @Test
  void aValidTokenNamesThePrincipal() {
    HandshakeContext context = Handshakes.withToken("203.0.113.5", GOOD);

    assertThat(settle(policy(b -> b, Optional.empty()).evaluate(context))).isEqualTo(Verdict.allow());
    assertThat(context.principal()).map(Principal::subject).contains("alice");
  }

  @Test
  void aRefusedTokenAnswers401AndCountsAsAFailedAuthenticationWithoutTheToken() {
    Verdict verdict = settle(policy(b -> b, Optional.empty()).evaluate(Handshakes.withToken("203.0.113.5", "forged")));

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Refuse.class, r -> {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.code()).isEqualTo("unauthorized");
    });
    assertThat(events).singleElement().isInstanceOfSatisfying(AuthenticationFailed.class, e -> {
      assertThat(e.reason()).isEqualTo("bad_signature");
      assertThat(e.carrier()).isEqualTo("header");
      assertThat(e.toString()).doesNotContain("forged");
    });
  }

  @Test
  void aRefusedTokenCountsAsAFailureOnlyWhenThePipelineReachesTheRefusal() {
    Verdict verdict = policy(b -> b, Optional.empty()).evaluate(Handshakes.withToken("203.0.113.5", "forged"));

    assertThat(verdict).isInstanceOf(Verdict.Deferred.class);
    assertThat(events).isEmpty();
  }

  @Test
  void theFifthFailureBlocksTheAddress() {
    AuthenticationPolicy policy = policy(b -> b, Optional.empty());
    for (int i = 0; i < 4; i++) {
      settle(policy.evaluate(Handshakes.withToken("203.0.113.5", "forged")));
    }
    assertThat(blocks.find("203.0.113.5")).isEmpty();

    settle(policy.evaluate(Handshakes.withToken("203.0.113.5", "forged")));

    assertThat(blocks.find("203.0.113.5")).hasValueSatisfying(b -> {
      assertThat(b.reason()).isEqualTo("failed_auth");
      assertThat(b.until()).isEqualTo(clock.instant().plus(Duration.ofSeconds(300)));
    });
    assertThat(blocks.find("203.0.113.6")).isEmpty();
  }

  @Test
  void withoutATokenTheBypassNamesTheDevelopmentUser() {
    HandshakeContext context = Handshakes.from("203.0.113.5");

    Verdict verdict = settle(policy(b -> b.profile(Profile.DEVELOPMENT).authBypass(true),
        Optional.of(Principal.untokened("local-dev"))).evaluate(context));

    assertThat(verdict).isEqualTo(Verdict.allow());
    assertThat(context.principal()).map(Principal::subject).contains("local-dev");
  }

  @Test
  void withoutATokenTheSocketMustAuthenticateByItsFirstMessageWhenATimeoutAllows() {
    HandshakeContext context = Handshakes.from("203.0.113.5");

    assertThat(settle(policy(b -> b, Optional.empty()).evaluate(context))).isEqualTo(Verdict.allow());
    assertThat(context.authenticationDeferred()).isTrue();
    assertThat(context.principal()).isEmpty();
  }

  @Test
  void withoutATokenAndWithoutATimeoutTheHandshakeIsRefused() {
    Verdict verdict = settle(policy(b -> b.authTimeout(Duration.ZERO), Optional.empty()).evaluate(Handshakes.from("203.0.113.5")));

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Refuse.class, r -> assertThat(r.status()).isEqualTo(401));
    assertThat(events).singleElement().isInstanceOfSatisfying(AuthenticationFailed.class,
        e -> assertThat(e.reason()).isEqualTo("missing"));
  }

  @Test
  void whenAuthenticationIsOptionalATokenlessClientStaysAnonymousButABadTokenIsStillRefused() {
    AuthenticationPolicy policy = policy(b -> b.requireAuth(false), Optional.empty());
    HandshakeContext anonymous = Handshakes.from("203.0.113.5");

    assertThat(settle(policy.evaluate(anonymous))).isEqualTo(Verdict.allow());
    assertThat(anonymous.principal()).isEmpty();
    assertThat(anonymous.authenticationDeferred()).isFalse();
    assertThat(settle(policy.evaluate(Handshakes.withToken("203.0.113.5", "forged")))).isInstanceOf(Verdict.Refuse.class);
  }

  @Test
  void aRevokedTokenAnswers401AndCountsAsAFailedAuthenticationWithReasonRevoked() {
    Instant now = clock.instant();
    revocations.revoke(new Revocation(Revocation.Kind.TOKEN, "jti-good", null, "leaked", now, now.plusSeconds(600)));
    HandshakeContext context = Handshakes.withToken("203.0.113.5", GOOD);

    Verdict verdict = settle(policy(b -> b, Optional.empty()).evaluate(context));

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Refuse.class, r -> {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.code()).isEqualTo("unauthorized");
    });
    assertThat(context.principal()).isEmpty();
    assertThat(events).singleElement().isInstanceOfSatisfying(AuthenticationFailed.class,
        e -> assertThat(e.reason()).isEqualTo("revoked"));
  }

  @Test
  void aSubjectRevocationRefusesTokensIssuedBeforeItsTime() {
    Instant now = clock.instant();
    revocations.revoke(new Revocation(Revocation.Kind.SUBJECT, "alice", ISSUED.plusSeconds(1), "reset", now,
        now.plusSeconds(600)));

    assertThat(settle(policy(b -> b, Optional.empty()).evaluate(Handshakes.withToken("203.0.113.5", GOOD))))
        .isInstanceOf(Verdict.Refuse.class);
  }

  @Test
  void aSubjectRevocationAdmitsTokensIssuedFromItsTimeOn() {
    Instant now = clock.instant();
    revocations.revoke(new Revocation(Revocation.Kind.SUBJECT, "alice", ISSUED, "reset", now, now.plusSeconds(600)));

    assertThat(settle(policy(b -> b, Optional.empty()).evaluate(Handshakes.withToken("203.0.113.5", GOOD))))
        .isEqualTo(Verdict.allow());
  }

  @Test
  void aRevokedTokenCountsTowardsBlockingTheAddress() {
    Instant now = clock.instant();
    revocations.revoke(new Revocation(Revocation.Kind.TOKEN, "jti-good", null, "leaked", now, now.plusSeconds(600)));
    AuthenticationPolicy policy = policy(b -> b.maxFailedAuth(2), Optional.empty());

    settle(policy.evaluate(Handshakes.withToken("203.0.113.5", GOOD)));
    settle(policy.evaluate(Handshakes.withToken("203.0.113.5", GOOD)));

    assertThat(blocks.find("203.0.113.5")).map(b -> b.reason()).contains("failed_auth");
  }

  /** The verdict as the pipeline takes it: a deferred one is judged (the handshake got this far). */
  private static Verdict settle(Verdict verdict) {
    return verdict instanceof Verdict.Deferred deferred ? deferred.judge().get() : verdict;
  }
}
