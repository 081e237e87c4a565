package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Talk.expectClose;
import static dev.portcullis.testkit.e2e.Talk.expectError;
import static dev.portcullis.testkit.e2e.Talk.expectNothing;
import static dev.portcullis.testkit.e2e.Talk.next;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.multibindings.OptionalBinder;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.TokenMinter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A socket's life with real tokens (CONTRACT §2, §3; AUTH-23): a socket upgraded without a token must
 * send {@code {"type":"auth","token":..}} within {@code WS_AUTH_TIMEOUT} (1 s here) or close
 * {@code 1008 auth_timeout}; it never outlives its token's {@code exp} on the node's clock (which the
 * test moves), unless an {@code auth} message brought a fresh token of the same subject first.
 */
class SessionLifecycleIT {

  static final String SECRET = "session-lifecycle-it-secret-long-enough!!";
  static final MutableClock CLOCK = new MutableClock(Instant.now());
  static final String AUTH_OK = "{\"type\":\"auth_ok\"}";

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).authTimeout(Duration.ofSeconds(1))
          .heartbeatTimeout(Duration.ofHours(1)))
      .module(binder -> OptionalBinder.newOptionalBinder(binder, Clock.class).setBinding().toInstance(CLOCK));

  private static TokenMinter minter(String subject) {
    return server.minter().clock(CLOCK).subject(subject);
  }

  private static String auth(String id, String token) {
    return "{\"id\":\"" + id + "\",\"type\":\"auth\",\"token\":\"" + token + "\"}";
  }

  /** A message stamped with the node's clock, so that moving it keeps the timestamp fresh. */
  private static String message(String id) {
    return Talk.message(id, "track", Long.toString(CLOCK.instant().getEpochSecond()), null);
  }

  private static RawConnection tokenless() {
    return Wire.upgraded(RawHandshake.to(server.uri()).from(Peers.next()));
  }

  @Test
  void closes1008AuthTimeoutWhenNoAuthArrivesInTime() {
    try (RawConnection ws = tokenless()) {
      long start = System.nanoTime();
      expectClose(ws, 1008, "auth_timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(700), Duration.ofSeconds(4));
    }
  }

  @Test
  void authenticatesByFirstMessageAndThenClosesAtTheTokensExp() {
    try (RawConnection ws = tokenless()) {
      ws.sendText(auth("a-1", minter("ava").expiresIn(Duration.ofSeconds(60)).mint()));
      assertThat(next(ws)).isEqualTo(AUTH_OK);
      ws.sendText(message("m-1"));
      assertThat(next(ws)).isEqualTo(message("m-1"));

      CLOCK.advance(Duration.ofSeconds(60));
      expectClose(ws, 1008, "token_expired");
    }
  }

  @Test
  void aFreshTokenOfTheSameSubjectCarriesTheSocketPastTheOldExp() {
    try (RawConnection ws = Wire.upgraded(RawHandshake.to(server.uri()).from(Peers.next())
        .bearer(minter("bo").expiresIn(Duration.ofSeconds(60)).mint()))) {
      CLOCK.advance(Duration.ofSeconds(30));
      ws.sendText(auth("r-1", minter("bo").expiresIn(Duration.ofSeconds(120)).mint()));
      assertThat(next(ws)).isEqualTo(AUTH_OK);

      CLOCK.advance(Duration.ofSeconds(45)); // 15 s past the first exp
      expectNothing(ws, Duration.ofMillis(600));
      ws.sendText(message("still"));
      assertThat(next(ws)).isEqualTo(message("still"));

      CLOCK.advance(Duration.ofSeconds(75)); // at the fresh token's exp
      expectClose(ws, 1008, "token_expired");
    }
  }

  @Test
  void aFreshTokenOfAnotherSubjectIsRefusedAndTheOldExpStands() {
    try (RawConnection ws = Wire.upgraded(RawHandshake.to(server.uri()).from(Peers.next())
        .bearer(minter("cy").expiresIn(Duration.ofSeconds(60)).mint()))) {
      ws.sendText(auth("swap", minter("mallory").expiresIn(Duration.ofHours(1)).mint()));
      expectError(ws, "unauthenticated", "swap");

      CLOCK.advance(Duration.ofSeconds(60));
      expectClose(ws, 1008, "token_expired");
    }
  }

  @Test
  void aBadFreshTokenIsRefusedAndTheSocketGoesOn() {
    try (RawConnection ws = Wire.upgraded(RawHandshake.to(server.uri()).from(Peers.next())
        .bearer(minter("dee").expiresIn(Duration.ofMinutes(5)).mint()))) {
      ws.sendText(auth("bad", minter("dee").mint() + "tampered"));
      expectError(ws, "unauthenticated", "bad");
      ws.sendText(message("after"));
      assertThat(next(ws)).isEqualTo(message("after"));
    }
  }
}
