package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.RateRule;
import dev.portcullis.core.port.Reservation;
import dev.portcullis.core.port.Reserved;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A handshake's reservations sent to a paused redis-server time out and are answered by the failure mode;
 * the script still runs when the server resumes. A slot the failure mode refused must not stay counted in
 * Redis for a whole lease ttl: nobody holds it, so nobody would release it.
 */
class LateReservationsIT {

  static final Duration TIME_LIMIT = Duration.ofMillis(150);
  /** Long enough that a slot lapsing by its deadline cannot pass for one released. */
  static final Duration LEASE_TTL = Duration.ofSeconds(60);
  static final Duration RECOVERY = Duration.ofSeconds(8);
  static final RateRule PROBE = new RateRule("late-probe", 100, Duration.ofSeconds(60));

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  @BeforeEach
  void thisTestPausesRedisOnPurpose() {
    redis.expectFailures();
  }

  private RedisState node() {
    return redis.node(Clock.systemUTC(), RedisFailureMode.LOCAL,
        o -> o.timeLimit(TIME_LIMIT).slowCall(Duration.ofMillis(100)).leaseTtl(LEASE_TTL));
  }

  @Test
  void aSlotTheFailureModeRefusedWhileTheScriptRanLateIsFreedOnceRedisAnswersAgain() {
    RedisState a = node();
    RedisState b = node();
    LettuceConnectionRegistry registryOfA = new LettuceConnectionRegistry(a);
    LettuceReservations onA = new LettuceReservations(a, new LettuceRateLimiter(a), registryOfA);
    LettuceConnectionRegistry onB = new LettuceConnectionRegistry(b);
    Eventually.within(RECOVERY, () -> assertThat(a.share(2)).as("A has seen B: its share of 2 is 1").isEqualTo(1));
    assertThat(onA.commit(List.of(Reservation.slot(LeaseScope.ADDRESS, "203.0.113.5", 2))).get(0))
        .isInstanceOf(Reserved.Leased.class);

    List<Reserved> late;
    redis.server().pause();
    try {
      late = onA.commit(List.of(Reservation.attempt(PROBE, "203.0.113.5", 1),
          Reservation.slot(LeaseScope.ADDRESS, "203.0.113.5", 2)));
    } finally {
      redis.server().resume();
    }

    assertThat(late.get(1)).as("A's share of the address's slots is spent").isInstanceOf(Reserved.Full.class);
    String probe = a.keys().rate(PROBE.name(), "203.0.113.5");
    Eventually.within(RECOVERY, () -> assertThat(redis.inspect().exists(probe))
        .as("the script ran once Redis resumed, taking the slot in Redis").isEqualTo(1L));
    Eventually.within(RECOVERY, () -> assertThat(onB.leased(LeaseScope.ADDRESS, "203.0.113.5"))
        .as("only the slot A holds is counted").isEqualTo(1));
    assertThat(registryOfA.held()).isEqualTo(1);
  }
}
