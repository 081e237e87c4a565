package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.testkit.RawResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis paused ({@code SIGSTOP}), then killed ({@code SIGKILL}) and restarted, under a steady stream of
 * handshakes to two nodes, in each failure mode: no handshake waits past the time limit (plus
 * scheduling slack), every client gets a clean HTTP answer, the mode answers as documented
 * ({@code local} and {@code open} admit, {@code closed} refuses {@code 503 unavailable}), and once Redis
 * is back the fleet shares one per-subject limit again.
 */
class FleetOutageIT {

  static final Duration TIME_LIMIT = Duration.ofMillis(200);
  /** JWT checks, Undertow and thread wake-ups on a loaded 2-core machine, on top of the time limit. */
  static final Duration SLACK = Duration.ofMillis(400);
  static final RedisOptions OPTIONS = RedisOptions.builder()
      .timeLimit(TIME_LIMIT)
      .breakerWait(Duration.ofMillis(500))
      .heartbeat(Duration.ofMillis(300))
      .leaseTtl(Duration.ofMillis(1_500))
      .blockSync(Duration.ofMillis(300))
      .build();

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  private Fleet fleet;

  @BeforeEach
  void aRunningEmptyRedis() {
    if (!redis.server().isRunning()) {
      redis.server().restart();
    }
    redis.inspect().flushall();
  }

  @AfterEach
  void stopTheFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @ParameterizedTest
  @EnumSource(RedisFailureMode.class)
  void pausedKilledAndRestartedRedisNeverStallsAHandshakeAndTheModeAnswers(RedisFailureMode mode) throws Exception {
    fleet = Fleet.start(2, redis.server().uri(), mode, OPTIONS, c -> c.maxConnectionsPerUser(2));
    Traffic traffic = new Traffic(fleet);
    traffic.start(4);
    try {
      Thread.sleep(400);
      traffic.phase("paused");
      redis.server().pause();
      Thread.sleep(1_500);
      redis.server().resume();
      traffic.phase("recovering");
      Thread.sleep(1_000);
      traffic.phase("killed");
      redis.server().kill();
      Thread.sleep(1_500);
      redis.server().restart();
      traffic.phase("restarted");
      Thread.sleep(1_500);
    } finally {
      traffic.stop();
    }

    assertThat(traffic.errors).as("exceptions a client saw").isEmpty();
    assertThat(traffic.slowest()).as("the slowest handshake of %s", traffic.slowestFive())
        .isLessThanOrEqualTo(TIME_LIMIT.plus(SLACK));
    Map<String, Long> outage = traffic.answers("paused", "killed");
    switch (mode) {
      case LOCAL, OPEN -> assertThat(outage).as("answers during the outage").containsOnlyKeys("101");
      case CLOSED -> {
        assertThat(outage).as("answers during the outage").containsKey("503 unavailable")
            .containsOnlyKeys("101", "503 unavailable");
      }
    }
    Eventually.within(Duration.ofSeconds(10), () -> assertThat(fleet.node(0).state().shared()
        && fleet.node(1).state().shared()).isTrue());
    assertThat(traffic.answers("restarted")).containsKey("101");
    theFleetSharesOnePerSubjectLimitAgain();
  }

  private void theFleetSharesOnePerSubjectLimitAgain() {
    assertThat(fleet.attempt(fleet.request(0, Peers.next(), "after")).status()).isEqualTo(101);
    assertThat(fleet.attempt(fleet.request(1, Peers.next(), "after")).status()).isEqualTo(101);
    assertThat(fleet.attempt(fleet.request(0, Peers.next(), "after")).status()).isEqualTo(429);
    assertThat(fleet.attempt(fleet.request(1, Peers.next(), "after")).status()).isEqualTo(429);
  }

  /** Handshakes in a loop, each from a new address and subject, closed right after the answer. */
  private static final class Traffic {
    private final Fleet fleet;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Future<?>> workers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private volatile String phase = "before";

    record Answer(String phase, String outcome, long nanos) {}

    Traffic(Fleet fleet) {
      this.fleet = fleet;
    }

    void start(int threads) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        workers.add(pool.submit(() -> {
          int i = 0;
          while (running.get()) {
            String at = phase;
            long start = System.nanoTime();
            try {
              RawResponse r = fleet.request(thread % 2, Peers.next(), "t" + thread + "-" + i++).send();
              String outcome = r.status() == 101 ? "101" : r.status() + " " + r.body().replaceAll(".*\"error\":\"([^\"]+)\".*", "$1");
              answers.add(new Answer(at, outcome, System.nanoTime() - start));
            } catch (RuntimeException e) {
              errors.add(e);
            }
          }
        }));
      }
    }

    void phase(String name) {
      phase = name;
    }

    void stop() throws Exception {
      running.set(false);
      for (Future<?> worker : workers) {
        worker.get(30, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
    }

    List<Answer> slowestFive() {
      return answers.stream().sorted((a, b) -> Long.compare(b.nanos(), a.nanos())).limit(5).toList();
    }

    Duration slowest() {
      return Duration.ofNanos(answers.stream().mapToLong(Answer::nanos).max().orElse(0));
    }

    Map<String, Long> answers(String... phases) {
      List<String> wanted = List.of(phases);
      return answers.stream().filter(a -> wanted.contains(a.phase()))
          .collect(Collectors.groupingBy(Answer::outcome, Collectors.counting()));
    }
  }
}
