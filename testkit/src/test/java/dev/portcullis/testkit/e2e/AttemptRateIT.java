package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertRateLimited;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.multibindings.OptionalBinder;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.RawResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §1 {@code WS_MAX_CONNECTIONS_PER_IP}: N attempts per address per 60 s, the next one refused
 * {@code 429 rate_limited} with {@code Retry-After} and the {@code RateLimit-*} headers; and §2's
 * progressive slow-down of an address that keeps knocking.
 */
class AttemptRateIT {

  static final String SECRET = "attempt-rate-it-secret-long-enough-for-hs";
  static final int LIMIT = 3;

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).maxConnectionsPerIp(LIMIT));

  /** The window checks run on a node whose clock the test moves. */
  static final MutableClock CLOCK = new MutableClock(Instant.now());

  @RegisterExtension
  static final PortcullisServer windowed = PortcullisServer.with(c -> c.jwtSecret(SECRET).maxConnectionsPerIp(LIMIT))
      .module(binder -> OptionalBinder.newOptionalBinder(binder, Clock.class).setBinding().toInstance(CLOCK));

  @Test
  void theAttemptAfterTheLimitIsRefusedRateLimitedWithItsHeaders() {
    String peer = Peers.next();
    useUpTheLimit(peer);

    assertRateLimited(request(peer).send(), LIMIT);
  }

  @Test
  void anotherAddressKeepsItsOwnAllowance() {
    String busy = Peers.next();
    useUpTheLimit(busy);
    assertRateLimited(request(busy).send(), LIMIT);

    Wire.assertUpgrades(request(Peers.next()));
  }

  @Test
  void refusedAttemptsAreCountedToo() {
    String peer = Peers.next();
    useUpTheLimit(peer);
    for (int i = 0; i < 2; i++) {
      assertRateLimited(request(peer).send(), LIMIT);
    }
  }

  @Test
  void repeatedAttemptsAfterTheLimitAreAnsweredProgressivelyLaterUpToACap() throws Exception {
    String peer = Peers.next();
    useUpTheLimit(peer);
    int knocks = 9;
    List<RawResponse> answers = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(knocks);
    try {
      // Knocking all at once shows the whole delay curve in the time of its cap.
      List<CompletableFuture<RawResponse>> pending = new ArrayList<>();
      for (int i = 0; i < knocks; i++) {
        pending.add(CompletableFuture.supplyAsync(() -> request(peer).timeout(Duration.ofSeconds(20)).send(), clients));
      }
      for (CompletableFuture<RawResponse> answer : pending) {
        answers.add(answer.get(30, TimeUnit.SECONDS));
      }
    } finally {
      clients.shutdownNow();
    }

    answers.forEach(a -> assertRateLimited(a, LIMIT));
    List<Duration> waits = answers.stream().map(RawResponse::elapsed).sorted(Comparator.naturalOrder()).toList();
    // Nominally 0, 0.25, 0.5, 1, 2, 4 s, then the 5 s cap; the margins absorb a loaded machine.
    assertThat(waits.get(2)).as("the third refusal is delayed").isGreaterThan(waits.get(0).plusMillis(300));
    assertThat(waits.get(4)).as("the fifth longer still").isGreaterThan(waits.get(2).plusMillis(700));
    Duration longest = waits.get(knocks - 1);
    assertThat(longest).as("the delay is capped").isBetween(Duration.ofSeconds(3), Duration.ofSeconds(8));
    assertThat(waits.get(knocks - 2)).as("several knocks reach the cap").isGreaterThan(longest.minusMillis(1500));
  }

  /**
   * Each window check starts one second into a whole minute: a burst there is where a sliding window
   * and an estimate from two fixed windows disagree most.
   */
  @BeforeEach
  void startOneSecondIntoAMinute() {
    // The same place in a minute every time: the next whole minute, plus one second.
    CLOCK.set(CLOCK.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)).plusSeconds(1));
  }

  @Test
  void anAddressIsStillLimitedWhileItsAttemptsAreInsideTheSixtySecondWindow() {
    String peer = Peers.next();
    useUpTheLimit(windowed, peer);

    CLOCK.advance(Duration.ofSeconds(59));

    assertRateLimited(request(windowed, peer).send(), LIMIT);
  }

  @Test
  void anAddressMayConnectAgainOnceItsAttemptsAreMoreThanSixtySecondsOld() {
    String peer = Peers.next();
    useUpTheLimit(windowed, peer);

    CLOCK.advance(Duration.ofSeconds(61));

    Wire.assertUpgrades(request(windowed, peer));
  }

  @Test
  void retryAfterAndRateLimitResetNeverExceedTheWindowByMoreThanOneSlot() {
    String peer = Peers.next();
    useUpTheLimit(windowed, peer);

    RawResponse refused = assertRateLimited(request(windowed, peer).send(), LIMIT);

    // Every attempt leaves the sliding window 60 s after it was made (CONTRACT §1), counted in 1 s slots
    // that err on the safe side: never sooner, at most one slot later.
    assertThat(Wire.seconds(refused, "Retry-After")).isBetween(1L, 61L);
    assertThat(Wire.seconds(refused, "RateLimit-Reset")).isBetween(1L, 61L);
  }

  private static void useUpTheLimit(String peer) {
    useUpTheLimit(server, peer);
  }

  private static void useUpTheLimit(PortcullisServer node, String peer) {
    for (int i = 0; i < LIMIT; i++) {
      Wire.assertUpgrades(request(node, peer));
    }
  }

  private static RawHandshake request(String peer) {
    return request(server, peer);
  }

  /** A request with a token minted by the node's own clock. */
  private static RawHandshake request(PortcullisServer node, String peer) {
    Clock clock = node == windowed ? CLOCK : Clock.systemUTC();
    return RawHandshake.to(node.uri()).from(peer).bearer(node.minter().clock(clock).subject("liam-" + peer).mint());
  }
}
