package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Talk.expectClose;
import static dev.portcullis.testkit.e2e.Talk.expectError;
import static dev.portcullis.testkit.e2e.Talk.next;
import static dev.portcullis.testkit.e2e.Wire.assertBadToken;
import static dev.portcullis.testkit.e2e.Wire.assertBlocked;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.multibindings.OptionalBinder;
import dev.portcullis.core.event.AuthenticationFailed;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.core.model.CidrSet;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.Revocation;
import dev.portcullis.core.port.RevocationList;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.core.testing.RecordingSink;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.TokenMinter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Operator blocks of ranges and subjects, and token revocations, over real sockets (issue 4, CONTRACT
 * §2 first row and §3 close reasons): refused handshakes, refused {@code auth} messages, and open
 * sockets closed {@code 1008 blocked} / {@code 1008 revoked} the moment the block or revocation is made.
 * Ranges here are {@code 127.210.0.0/16} and up, which {@link Peers} never hands out; the node's clock
 * is the test's, so expiry is seen without waiting.
 */
class BlocksAndRevocationsIT {

  static final String SECRET = "blocks-and-revocations-it-secret-long-enough";
  static final MutableClock CLOCK = new MutableClock(Instant.now());
  static final RecordingSink EVENTS = new RecordingSink();
  static final String AUTH_OK = "{\"type\":\"auth_ok\"}";

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET)
          .authTimeout(Duration.ofSeconds(30)).heartbeatTimeout(Duration.ofHours(1)).maxFailedAuth(50)
          .allowlist(CidrSet.parse("127.200.0.0/16")))
      .module(binder -> {
        OptionalBinder.newOptionalBinder(binder, Clock.class).setBinding().toInstance(CLOCK);
        PortcullisModule.sinks(binder).addBinding().toInstance(EVENTS);
      });

  private static BlockListPort blocks() {
    return server.injector().getInstance(BlockListPort.class);
  }

  private static RevocationList revocations() {
    return server.injector().getInstance(RevocationList.class);
  }

  private static TokenMinter minter(String subject) {
    return server.minter().clock(CLOCK).subject(subject);
  }

  private static String someone() {
    return "sam-" + UUID.randomUUID();
  }

  private static void block(String key, Duration length) {
    blocks().block(new Block(key, "operator", CLOCK.instant(), CLOCK.instant().plus(length)));
  }

  private static void revokeToken(String jti) {
    revocations().revoke(new Revocation(Revocation.Kind.TOKEN, jti, null, "leaked", CLOCK.instant(),
        CLOCK.instant().plus(Duration.ofHours(1))));
  }

  private static void revokeSubject(String subject, Instant issuedBefore) {
    revocations().revoke(new Revocation(Revocation.Kind.SUBJECT, subject, issuedBefore, "reset", CLOCK.instant(),
        CLOCK.instant().plus(Duration.ofHours(1))));
  }

  private static RawHandshake from(String peer) {
    return RawHandshake.to(server.uri()).from(peer);
  }

  private static String auth(String id, String token) {
    return "{\"id\":\"" + id + "\",\"type\":\"auth\",\"token\":\"" + token + "\"}";
  }

  private static String message(String id) {
    return Talk.message(id, "track", Long.toString(CLOCK.instant().getEpochSecond()), null);
  }

  // ---- ranges ----

  @Test
  void aBlockedRangeRefusesEveryAddressInsideIt403WithRetryAfterAndNoneOutside() {
    block("127.210.0.0/16", Duration.ofMinutes(10));

    assertBlocked(from("127.210.0.5").bearer(minter(someone()).mint()).send(), Duration.ofMinutes(10));
    assertBlocked(from("127.210.254.9").send(), Duration.ofMinutes(10));
    Wire.assertUpgrades(from("127.211.0.5").bearer(minter(someone()).mint()));
  }

  @Test
  void aNewRangeBlockClosesTheOpenSocketsInsideIt1008BlockedAndNoOthers() {
    try (RawConnection inside = Talk.connect(server, "127.212.3.4", someone());
        RawConnection outside = Talk.connect(server, "127.213.3.4", someone())) {
      block("127.212.0.0/16", Duration.ofMinutes(10));

      expectClose(inside, 1008, "blocked");
      outside.sendText(message("still-here"));
      assertThat(next(outside)).isEqualTo(message("still-here"));
    }
  }

  @Test
  void aRangeBlockEndsAtItsUntilAndCanBeLiftedBeforeIt() {
    block("127.214.0.0/16", Duration.ofSeconds(30));
    block("127.215.0.0/16", Duration.ofHours(1));
    assertBlocked(from("127.214.0.1").send(), Duration.ofSeconds(30));
    assertBlocked(from("127.215.0.1").send(), Duration.ofHours(1));

    CLOCK.advance(Duration.ofSeconds(30));
    assertThat(blocks().lift("127.215.0.0/16")).isTrue();

    Wire.assertUpgrades(from("127.214.0.1").bearer(minter(someone()).mint()));
    Wire.assertUpgrades(from("127.215.0.1").bearer(minter(someone()).mint()));
  }

  @Test
  void anAllowlistedAddressInsideABlockedRangeIsStillAdmitted() {
    block("127.192.0.0/10", Duration.ofMinutes(10)); // holds 127.200.0.0/16, the allow-list

    Wire.assertUpgrades(from("127.200.7.7").bearer(minter(someone()).mint()));
    assertThat(blocks().lift("127.192.0.0/10")).isTrue();
  }

  // ---- subjects ----

  @Test
  void aBlockedSubjectIsRefused403BlockedOnEveryAddressTheAllowlistedOnesIncluded() {
    String subject = someone();
    block(Block.subjectKey(subject), Duration.ofMinutes(5));

    assertBlocked(from(Peers.next()).bearer(minter(subject).mint()).send(), Duration.ofMinutes(5));
    assertBlocked(from(Peers.next()).query("token", minter(subject).mint()).send(), Duration.ofMinutes(5));
    assertBlocked(from("127.200.1.1").bearer(minter(subject).mint()).send(), Duration.ofMinutes(5));
    Wire.assertUpgrades(from(Peers.next()).bearer(minter(someone()).mint()));
  }

  @Test
  void blockingASubjectClosesItsSocketsOnEveryAddress1008Blocked() {
    String subject = someone();
    try (RawConnection home = Talk.connect(server, Peers.next(), subject);
        RawConnection office = Wire.upgraded(from("127.200.2.2").bearer(minter(subject).mint()));
        RawConnection other = Talk.connect(server, Peers.next(), someone())) {
      block(Block.subjectKey(subject), Duration.ofMinutes(5));

      expectClose(home, 1008, "blocked");
      expectClose(office, 1008, "blocked");
      other.sendText(message("bystander"));
      assertThat(next(other)).isEqualTo(message("bystander"));
    }
  }

  @Test
  void aBlockedSubjectAuthenticatingByItsFirstMessageIsClosed1008Blocked() {
    String subject = someone();
    block(Block.subjectKey(subject), Duration.ofMinutes(5));
    try (RawConnection tokenless = Wire.upgraded(from(Peers.next()))) {
      tokenless.sendText(auth("a-1", minter(subject).mint()));

      expectClose(tokenless, 1008, "blocked");
    }
  }

  @Test
  void aLiftedSubjectBlockAdmitsTheSubjectAgain() {
    String subject = someone();
    block(Block.subjectKey(subject), Duration.ofMinutes(5));
    assertBlocked(from(Peers.next()).bearer(minter(subject).mint()).send(), Duration.ofMinutes(5));

    assertThat(blocks().lift(Block.subjectKey(subject))).isTrue();

    Wire.assertUpgrades(from(Peers.next()).bearer(minter(subject).mint()));
  }

  // ---- revocations ----

  @Test
  void aRevokedTokenIsRefused401InvalidTokenAndCountsAsAFailedAuthenticationReasonRevoked() {
    String jti = UUID.randomUUID().toString();
    String peer = Peers.next();
    String token = minter(someone()).jti(jti).mint();
    revokeToken(jti);

    assertBadToken(from(peer).bearer(token).send());
    assertBadToken(from("127.200.3.3").bearer(token).send());

    assertThat(EVENTS.eventsOf(AuthenticationFailed.class))
        .anySatisfy(e -> {
          assertThat(e.address()).isEqualTo(peer);
          assertThat(e.reason()).isEqualTo("revoked");
        });
    Wire.assertUpgrades(from(peer).bearer(minter(someone()).jti(UUID.randomUUID().toString()).mint()));
  }

  @Test
  void revokingATokenClosesTheSocketHoldingIt1008RevokedAndNotItsSiblings() {
    String subject = someone();
    String jti = UUID.randomUUID().toString();
    try (RawConnection revoked = Wire.upgraded(from(Peers.next()).bearer(minter(subject).jti(jti).mint()));
        RawConnection sibling = Wire.upgraded(from(Peers.next())
            .bearer(minter(subject).jti(UUID.randomUUID().toString()).mint()))) {
      revokeToken(jti);

      expectClose(revoked, 1008, "revoked");
      sibling.sendText(message("sibling"));
      assertThat(next(sibling)).isEqualTo(message("sibling"));
    }
  }

  @Test
  void revokingASubjectClosesItsOlderSocketsAndRefusesItsOlderTokensButNotNewerOnes() {
    String subject = someone();
    String older = minter(subject).issuedAt(CLOCK.instant().minusSeconds(60)).mint();
    String undated = minter(subject).withoutIssuedAt().mint();
    try (RawConnection open = Wire.upgraded(from(Peers.next()).bearer(older))) {
      revokeSubject(subject, CLOCK.instant());

      expectClose(open, 1008, "revoked");
    }
    assertBadToken(from(Peers.next()).bearer(older).send());
    assertBadToken(from(Peers.next()).bearer(undated).send());
    Wire.assertUpgrades(from(Peers.next()).bearer(minter(subject).issuedAt(CLOCK.instant().plusSeconds(1)).mint()));
  }

  @Test
  void aRevokedTokenInAnAuthMessageIsRefusedAndARefreshWithOneLeavesTheSocketOnItsOldToken() {
    String subject = someone();
    String jti = UUID.randomUUID().toString();
    revokeToken(jti);
    try (RawConnection tokenless = Wire.upgraded(from(Peers.next()));
        RawConnection refreshing = Wire.upgraded(from(Peers.next()).bearer(minter(subject).mint()))) {
      tokenless.sendText(auth("first", minter(subject).jti(jti).mint()));
      expectError(tokenless, "unauthenticated", "first");
      tokenless.sendText(auth("second", minter(subject).mint()));
      assertThat(next(tokenless)).isEqualTo(AUTH_OK);

      refreshing.sendText(auth("refresh", minter(subject).jti(jti).mint()));
      expectError(refreshing, "unauthenticated", "refresh");
      refreshing.sendText(message("after"));
      assertThat(next(refreshing)).isEqualTo(message("after"));
    }
  }

  @Test
  void aRevocationIsForgottenAtItsUntil() {
    String jti = UUID.randomUUID().toString();
    String token = minter(someone()).jti(jti).expiresIn(Duration.ofHours(3)).mint();
    revokeToken(jti);
    assertBadToken(from(Peers.next()).bearer(token).send());

    CLOCK.advance(Duration.ofHours(1));

    Wire.assertUpgrades(from(Peers.next()).bearer(token));
  }
}
