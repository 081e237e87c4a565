package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testkit.RawResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one handshake costs in Redis commands, counted by the server itself ({@code INFO commandstats}),
 * over real sockets: an admitted handshake is one script, whatever the number of limits it passes; a
 * handshake refused by the attempt rate is one script too (plus the release of the slot it took, sent
 * without waiting); a refused token adds only the failed-authentication counter. The heartbeats are
 * slowed down so that nothing but the handshake talks to Redis meanwhile.
 */
class HandshakeRoundTripsIT {

  static final RedisOptions QUIET = RedisOptions.builder()
      .timeLimit(Duration.ofSeconds(2))
      .slowCall(Duration.ofSeconds(1))
      .heartbeat(Duration.ofMinutes(5))
      .leaseTtl(Duration.ofMinutes(15))
      .build();

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  private Fleet fleet;

  @BeforeEach
  void oneNode() {
    fleet = redis.fleet(1, QUIET, c -> c.maxConnectionsPerIp(2));
    warmUp();
  }

  /**
   * Loads every script the handshake runs into the server, so that each later call is one EVALSHA, and waits for
   * the two slot releases the refused warm-up sends without waiting, so that none lands in a test's count.
   */
  private void warmUp() {
    long releases = commands()[1];
    assertThat(fleet.attempt(fleet.request(0, Peers.next(), "warm-up")).upgraded()).isTrue();
    String peer = Peers.next();
    assertThat(fleet.attempt(fleet.request(0, peer, "warm-up").replaceHeader("Authorization", "Bearer not-a-token")).status()).isEqualTo(401);
    Eventually.within(Duration.ofSeconds(5), () -> assertThat(commands()[1] - releases).isEqualTo(2));
  }

  /** {scripts, ZREMs} the server has run so far. */
  private long[] commands() {
    long scripts = 0;
    long zrem = 0;
    for (String line : redis.inspect().info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
        scripts += calls(line);
      } else if (line.startsWith("cmdstat_zrem:")) {
        zrem += calls(line);
      }
    }
    return new long[] {scripts, zrem};
  }

  private static long calls(String line) {
    int at = line.indexOf("calls=");
    return Long.parseLong(line.substring(at + 6, line.indexOf(',', at)));
  }

  /** The commands {@code handshake} made Redis run, once the releases it sent without waiting arrived. */
  private long[] cost(Runnable handshake, long releases) {
    long[] before = commands();
    handshake.run();
    Eventually.within(Duration.ofSeconds(5), () -> assertThat(commands()[1] - before[1]).isEqualTo(releases));
    long[] after = commands();
    return new long[] {after[0] - before[0], after[1] - before[1]};
  }

  @Test
  void anAdmittedAuthenticatedHandshakeIsOneScript() {
    long[] cost = cost(() -> assertThat(fleet.attempt(fleet.request(0, Peers.next(), "alice")).upgraded()).isTrue(),
        0);

    assertThat(cost[0]).as("scripts: capacity, attempts, address and subject slots together").isEqualTo(1);
  }

  @Test
  void aHandshakeRefusedByTheAttemptRateIsOneScriptAndReleasesTheSlotItTook() {
    String peer = Peers.next();
    fleet.attempt(fleet.request(0, peer, "bob"));
    fleet.attempt(fleet.request(0, peer, "bob"));

    long[] cost = cost(() -> {
      RawResponse refused = fleet.attempt(fleet.request(0, peer, "bob"));
      assertThat(refused.status()).isEqualTo(429);
    }, 1);

    assertThat(cost[0]).as("scripts: the attempt and its refusal count with the capacity slot").isEqualTo(1);
    assertThat(cost[1]).as("ZREMs sent without waiting: the capacity slot").isEqualTo(1);
  }

  @Test
  void aRefusedTokenAddsOnlyTheFailedAuthenticationCounter() {
    long[] cost = cost(() -> {
      RawResponse refused = fleet.attempt(fleet.request(0, Peers.next(), "carol").replaceHeader("Authorization", "Bearer forged"));
      assertThat(refused.status()).isEqualTo(401);
    }, 2);

    assertThat(cost[0]).as("scripts: the reservations, then the failed-authentication counter").isEqualTo(2);
    assertThat(cost[1]).as("ZREMs sent without waiting: the capacity and address slots").isEqualTo(2);
  }

  @Test
  void anInvalidTokenFromARateLimitedAddressIsStillAnswered429() {
    String peer = Peers.next();
    fleet.attempt(fleet.request(0, peer, "dave"));
    fleet.attempt(fleet.request(0, peer, "dave"));

    RawResponse refused = fleet.attempt(fleet.request(0, peer, "dave").replaceHeader("Authorization", "Bearer forged"));

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("RateLimit-Limit")).contains("2");
  }
}
