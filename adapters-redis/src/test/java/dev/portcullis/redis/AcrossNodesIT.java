package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.RateRule;
import dev.portcullis.core.testing.Concurrently;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Catalogue DIST-01: three nodes, each with its own connection, racing from two threads each on one
 * key get exactly the limit in all, not the limit per node; the same holds for leases and replay ids.
 * Every node reads Redis's clock.
 */
class AcrossNodesIT {

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  @Test
  void threeNodesRacingOnOneAddressAreAllowedExactlyTheLimitInAll() throws Exception {
    List<LettuceRateLimiter> nodes = List.of(new LettuceRateLimiter(redis.serverTimeNode()),
        new LettuceRateLimiter(redis.serverTimeNode()), new LettuceRateLimiter(redis.serverTimeNode()));
    RateRule rule = new RateRule("attempts", 50, Duration.ofSeconds(60));
    AtomicInteger allowed = new AtomicInteger();

    for (int run = 0; run < 5; run++) {
      String key = "203.0.113." + run;
      Concurrently.run(6, thread -> {
        for (int i = 0; i < 40; i++) {
          if (nodes.get(thread % 3).tryConsume(rule, key, 1).allowed()) {
            allowed.incrementAndGet();
          }
        }
      });
      assertThat(allowed).as("run %d", run).hasValue(50);
      allowed.set(0);
    }
  }

  @Test
  void threeNodesRacingForOneSubjectsSlotsGetExactlyTheLimitInAllAndGiveThemAllBack() throws Exception {
    List<LettuceConnectionRegistry> nodes = List.of(new LettuceConnectionRegistry(redis.serverTimeNode()),
        new LettuceConnectionRegistry(redis.serverTimeNode()), new LettuceConnectionRegistry(redis.serverTimeNode()));
    List<Lease> granted = new CopyOnWriteArrayList<>();

    Concurrently.run(6, thread -> {
      for (int i = 0; i < 20; i++) {
        Optional<Lease> lease = nodes.get(thread % 3).tryLease(LeaseScope.SUBJECT, "user-1", 30);
        lease.ifPresent(granted::add);
      }
    });

    assertThat(granted).hasSize(30);
    assertThat(nodes).allSatisfy(n -> assertThat(n.leased(LeaseScope.SUBJECT, "user-1")).isEqualTo(30));
    granted.forEach(Lease::release);
    // A release is sent without waiting, on the releasing node's own connection: others see it a moment later.
    Eventually.within(Duration.ofSeconds(2),
        () -> assertThat(nodes).allSatisfy(n -> assertThat(n.leased(LeaseScope.SUBJECT, "user-1")).isZero()));
  }

  @Test
  void theTotalIsCountedAcrossNodesNotPerNode() {
    LettuceConnectionRegistry a = new LettuceConnectionRegistry(redis.serverTimeNode());
    LettuceConnectionRegistry b = new LettuceConnectionRegistry(redis.serverTimeNode());

    assertThat(a.tryLease(LeaseScope.TOTAL, "", 3)).isPresent();
    assertThat(b.tryLease(LeaseScope.TOTAL, "", 3)).isPresent();
    assertThat(a.tryLease(LeaseScope.TOTAL, "", 3)).isPresent();

    assertThat(b.tryLease(LeaseScope.TOTAL, "", 3)).isEmpty();
    assertThat(a.tryLease(LeaseScope.TOTAL, "", 3)).isEmpty();
  }

  @Test
  void aMessageIdSeenOnOneNodeIsAReplayOnEveryOther() throws Exception {
    List<LettuceReplayGuard> nodes = List.of(new LettuceReplayGuard(redis.serverTimeNode()),
        new LettuceReplayGuard(redis.serverTimeNode()), new LettuceReplayGuard(redis.serverTimeNode()));
    AtomicInteger firsts = new AtomicInteger();

    Concurrently.run(6, thread -> {
      for (int i = 0; i < 50; i++) {
        if (nodes.get(thread % 3).firstSeen("user-1", "msg-" + i, Duration.ofMinutes(10))) {
          firsts.incrementAndGet();
        }
      }
    });

    assertThat(firsts).hasValue(50);
    assertThat(nodes.get(2).firstSeen("user-2", "msg-1", Duration.ofMinutes(10))).isTrue();
  }
}
