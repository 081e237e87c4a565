package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.HealthCheck;
import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.RateRule;
import dev.portcullis.core.testing.Concurrently;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Catalogue DIST-03/04/05: redis-server paused ({@code SIGSTOP}) or killed ({@code SIGKILL}) and brought
 * back, while threads keep asking. No call waits past the time limit (plus scheduling slack), no
 * exception reaches a caller, each failure mode answers as documented, and the node returns to shared
 * state by itself once Redis answers again.
 */
class RedisOutageIT {

  static final Duration TIME_LIMIT = Duration.ofMillis(150);
  /** What a loaded 2-core machine adds to a wait: thread wake-ups, a GC pause. */
  static final Duration SLACK = Duration.ofMillis(400);
  static final Duration RECOVERY = Duration.ofSeconds(8);
  static final RateRule RULE = new RateRule("attempts", 3, Duration.ofSeconds(60));

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  @BeforeEach
  void redisRunsAndTheseTestsBreakItOnPurpose() {
    if (!redis.server().isRunning()) {
      redis.server().restart();
    }
    redis.expectFailures();
  }

  private RedisState node(RedisFailureMode mode) {
    return redis.node(Clock.systemUTC(), mode, o -> o.timeLimit(TIME_LIMIT).slowCall(Duration.ofMillis(100)));
  }

  @ParameterizedTest
  @EnumSource(RedisFailureMode.class)
  void aPausedRedisCostsEachCallAtMostTheTimeLimitAndTheNodeReturnsToSharedStateByItself(RedisFailureMode mode)
      throws Exception {
    RedisState state = node(mode);
    LettuceRateLimiter limiter = new LettuceRateLimiter(state);
    LettuceConnectionRegistry registry = new LettuceConnectionRegistry(state);
    limiter.tryConsume(RULE, "spent-before", 3);

    redis.server().pause();
    try {
      Load load = underLoad(4, Duration.ofMillis(1_200), thread -> {
        limiter.tryConsume(RULE, "203.0.113." + thread, 1);
        registry.tryLease(LeaseScope.ADDRESS, "203.0.113." + thread, 50).ifPresent(Lease::release);
      });

      assertThat(load.errors).isEmpty();
      assertThat(load.slowest()).isLessThanOrEqualTo(TIME_LIMIT.plus(SLACK));
      assertThat(state.guard().failures()).as("calls that timed out").isPositive();
      assertThat(state.guard().rejections()).as("calls the open breaker answered at once").isPositive();
      assertThat(load.median()).as("most calls meet an open breaker and do not wait at all")
          .isLessThan(Duration.ofMillis(20));
      assertModeAnswers(mode, limiter, "fresh-during-pause");
    } finally {
      redis.server().resume();
    }

    Eventually.within(RECOVERY, () -> {
      limiter.tryConsume(RULE, "probe", 1);
      assertThat(state.shared()).isTrue();
    });
    assertThat(limiter.tryConsume(RULE, "spent-before", 1).allowed()).as("the shared count survived the pause")
        .isFalse();
  }

  @ParameterizedTest
  @EnumSource(RedisFailureMode.class)
  void aKilledRedisIsAnsweredByTheFailureModeAtOnceAndARestartedOneSharesAgain(RedisFailureMode mode)
      throws Exception {
    RedisState a = node(mode);
    RedisState b = node(mode);
    LettuceRateLimiter onA = new LettuceRateLimiter(a);
    LettuceRateLimiter onB = new LettuceRateLimiter(b);

    redis.server().kill();
    Load load = underLoad(4, Duration.ofMillis(800), thread -> onA.tryConsume(RULE, "k" + thread, 1));

    assertThat(load.errors).isEmpty();
    assertThat(load.slowest()).isLessThanOrEqualTo(TIME_LIMIT.plus(SLACK));
    assertModeAnswers(mode, onA, "fresh-while-dead");
    HealthCheck.Status dead = new RedisHealth(a).check();
    assertThat(dead.ready()).as("only closed mode stops serving").isEqualTo(mode != RedisFailureMode.CLOSED);
    assertThat(dead.detail()).startsWith("unreachable");

    redis.server().restart();
    Eventually.within(RECOVERY, () -> {
      onA.tryConsume(RULE, "probe", 1);
      onB.tryConsume(RULE, "probe", 1);
      assertThat(a.shared()).isTrue();
      assertThat(b.shared()).isTrue();
    });
    HealthCheck.Status back = new RedisHealth(a).check();
    assertThat(back.ready()).isTrue();
    assertThat(back.detail()).startsWith("shared state");
    assertThat(onA.tryConsume(RULE, "after-restart", 2).allowed()).isTrue();
    assertThat(onB.tryConsume(RULE, "after-restart", 1).allowed()).isTrue();
    assertThat(onA.tryConsume(RULE, "after-restart", 1).allowed()).as("one count for both nodes again").isFalse();
    assertThat(onB.tryConsume(RULE, "after-restart", 1).allowed()).isFalse();
  }

  @Test
  void aNodeAloneSharesEachLimitOutAmongTheNodesItLastSaw() {
    RedisState a = node(RedisFailureMode.LOCAL);
    node(RedisFailureMode.LOCAL);
    node(RedisFailureMode.LOCAL);
    Eventually.within(RECOVERY, () -> assertThat(a.liveNodes()).isEqualTo(3));
    LettuceRateLimiter limiter = new LettuceRateLimiter(a);
    RateRule rule = new RateRule("attempts", 9, Duration.ofSeconds(60));

    redis.server().kill();
    int allowed = 0;
    for (int i = 0; i < 20; i++) {
      allowed += limiter.tryConsume(rule, "203.0.113.9", 1).allowed() ? 1 : 0;
    }

    assertThat(allowed).as("9 shared out among 3 nodes").isEqualTo(3);
  }

  @Test
  void leasesTakenWhileRedisWasAwayAreCountedAgainWhenItReturns() {
    RedisState a = node(RedisFailureMode.LOCAL);
    RedisState b = node(RedisFailureMode.LOCAL);
    LettuceConnectionRegistry onA = new LettuceConnectionRegistry(a);
    LettuceConnectionRegistry onB = new LettuceConnectionRegistry(b);
    Lease before = onA.tryLease(LeaseScope.SUBJECT, "user-1", 4).orElseThrow();

    redis.server().kill();
    List<Lease> during = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      during.add(onA.tryLease(LeaseScope.SUBJECT, "user-1", 4).orElseThrow());
    }
    redis.server().restart();

    Eventually.within(RECOVERY, () -> assertThat(onB.leased(LeaseScope.SUBJECT, "user-1"))
        .as("the lease from before and the two from the outage, written back by A's heartbeat").isEqualTo(3));
    assertThat(onB.tryLease(LeaseScope.SUBJECT, "user-1", 4)).isPresent();
    assertThat(onB.tryLease(LeaseScope.SUBJECT, "user-1", 4)).isEmpty();
    before.release();
    during.forEach(Lease::release);
    Eventually.within(RECOVERY, () -> assertThat(onB.leased(LeaseScope.SUBJECT, "user-1")).isEqualTo(1));
  }

  @Test
  void knownBlocksStayEnforcedWhileRedisIsDownAndNewOnesReachTheOtherNodesWhenItReturns() {
    LettuceBlockList onA = new LettuceBlockList(node(RedisFailureMode.OPEN));
    LettuceBlockList onB = new LettuceBlockList(node(RedisFailureMode.OPEN));
    List<Block> heardOnB = new CopyOnWriteArrayList<>(); // told on B's Redis thread
    onB.watch(heardOnB::add);
    Instant now = Instant.now();
    Block known = new Block("203.0.113.1", "before", now, now.plusSeconds(600));
    onA.block(known);
    Eventually.within(RECOVERY, () -> assertThat(onB.find("203.0.113.1")).isPresent());

    redis.server().pause();
    Block during;
    try {
      during = new Block("203.0.113.2", "during", now, now.plusSeconds(600));
      onA.block(during);
      assertThat(onB.find("203.0.113.1")).contains(known);
      assertThat(onA.find("203.0.113.2")).contains(during);
      assertThat(onB.find("203.0.113.2")).isEmpty();
    } finally {
      redis.server().resume();
    }

    Eventually.within(RECOVERY, () -> assertThat(onB.find("203.0.113.2")).contains(during));
    // the mirror takes the block before the watchers hear of it
    Eventually.within(RECOVERY, () -> assertThat(heardOnB).contains(known, during));
  }

  @Test
  void blocksSurviveARedisRestartBecauseTheNodesWriteBackWhatTheyKnow() {
    LettuceBlockList onA = new LettuceBlockList(node(RedisFailureMode.LOCAL));
    Instant now = Instant.now();
    Block block = new Block("198.51.100.7", "kept", now, now.plusSeconds(600));
    onA.block(block);
    Eventually.within(RECOVERY, () -> assertThat(redis.inspect().zcard(new Keys(redis.prefix()).blockIndex()))
        .isEqualTo(1));

    redis.server().kill();
    redis.server().restart();

    Eventually.within(RECOVERY, () -> assertThat(redis.inspect().zcard(new Keys(redis.prefix()).blockIndex()))
        .isEqualTo(1));
    LettuceBlockList joinedLater = new LettuceBlockList(node(RedisFailureMode.LOCAL));
    Eventually.within(RECOVERY, () -> assertThat(joinedLater.find("198.51.100.7")).contains(block));
    assertThat(onA.find("198.51.100.7")).contains(block);
  }

  @Test
  void closedModeRefusesNewConnectionsOnlyWhileRedisIsAway() {
    RedisState state = node(RedisFailureMode.CLOSED);
    SharedStatePolicy policy = new SharedStatePolicy(state);
    LettuceRateLimiter limiter = new LettuceRateLimiter(state);
    assertThat(policy.evaluate(null)).isEqualTo(dev.portcullis.core.policy.Verdict.allow());

    redis.server().kill();
    limiter.tryConsume(RULE, "k", 1);

    assertThat(policy.evaluate(null)).isInstanceOfSatisfying(dev.portcullis.core.policy.Verdict.Refuse.class, r -> {
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.code()).isEqualTo("unavailable");
      assertThat(r.headers()).containsKey("Retry-After");
    });
    redis.server().restart();
    Eventually.within(RECOVERY, () -> assertThat(policy.evaluate(null)).isEqualTo(
        dev.portcullis.core.policy.Verdict.allow()));
  }

  @Test
  void aNodeStartsWhileRedisIsDownAndJoinsSharedStateWhenItComesUp() {
    redis.server().kill();
    RedisState late = node(RedisFailureMode.LOCAL);
    LettuceRateLimiter limiter = new LettuceRateLimiter(late);
    assertThat(limiter.tryConsume(RULE, "k", 1).allowed()).isTrue();

    redis.server().restart();
    LettuceRateLimiter other = new LettuceRateLimiter(node(RedisFailureMode.LOCAL));

    Eventually.within(RECOVERY, () -> {
      limiter.tryConsume(RULE, "probe", 1);
      assertThat(late.connected()).isTrue();
      assertThat(late.shared()).isTrue();
    });
    other.tryConsume(RULE, "shared", 3);
    assertThat(limiter.tryConsume(RULE, "shared", 1).allowed()).isFalse();
  }

  private static void assertModeAnswers(RedisFailureMode mode, LettuceRateLimiter limiter, String key) {
    int allowed = 0;
    for (int i = 0; i < 10; i++) {
      allowed += limiter.tryConsume(RULE, key, 1).allowed() ? 1 : 0;
    }
    switch (mode) {
      case OPEN -> assertThat(allowed).as("open admits").isEqualTo(10);
      case LOCAL, CLOSED -> assertThat(allowed).as("%s keeps counting on the node", mode).isEqualTo(3);
    }
  }

  /** Runs {@code task} on {@code threads} threads for {@code length}, timing every call. */
  private static Load underLoad(int threads, Duration length, Concurrently.ThreadTask task) throws Exception {
    Load load = new Load();
    long end = System.nanoTime() + length.toNanos();
    Concurrently.run(threads, thread -> {
      while (System.nanoTime() < end) {
        long start = System.nanoTime();
        try {
          task.run(thread);
        } catch (Exception | Error e) {
          load.errors.add(e);
        }
        load.record(System.nanoTime() - start);
      }
    });
    return load;
  }

  private static final class Load {
    final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

    void record(long n) {
      nanos.add(n);
    }

    Duration slowest() {
      return Duration.ofNanos(nanos.stream().mapToLong(Long::longValue).max().orElse(0));
    }

    Duration median() {
      long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
      return Duration.ofNanos(sorted.length == 0 ? 0 : sorted[sorted.length / 2]);
    }
  }
}
