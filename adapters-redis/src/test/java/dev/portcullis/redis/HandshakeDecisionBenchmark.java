package dev.portcullis.redis;

import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.core.config.StateConfig;
import dev.portcullis.core.config.StateKind;
import dev.portcullis.core.engine.HandshakeOutcome;
import dev.portcullis.core.engine.HandshakePipeline;
import dev.portcullis.core.inject.Portcullis;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.HandshakeRequest;
import dev.portcullis.core.model.IpLiteral;
import dev.portcullis.core.port.Lease;
import dev.portcullis.testkit.EchoHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures handshake decisions per second through a node's real policy pipeline (block list, origin,
 * capacity, attempt rate, per-address concurrency, JWT with a warm cache, per-user limit; no sockets),
 * with in-memory state and with Redis state on a local redis-server, and counts the Redis commands each
 * decision costs (from {@code INFO commandstats}). Every admitted decision releases its leases, as a
 * closing connection would. Runs are interleaved, three each; the median is reported. Not a test: run
 *
 * <pre>
 * mvn -B -o -pl adapters-redis test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -Dthreads=4 -cp "$(cat adapters-redis/target/cp.txt):adapters-redis/target/classes:adapters-redis/target/test-classes" \
 *     dev.portcullis.redis.HandshakeDecisionBenchmark
 * </pre>
 */
public final class HandshakeDecisionBenchmark {

  static final int THREADS = Integer.getInteger("threads", 4);
  static final Duration WARM_UP = Duration.ofSeconds(3);
  static final Duration MEASURE = Duration.ofSeconds(8);
  static final String SECRET = "benchmark-secret-that-is-long-enough-0123456789";

  public static void main(String[] args) throws Exception {
    try (RedisServerFixture redis = RedisServerFixture.start()) {
      List<Double> memory = new ArrayList<>();
      List<Double> shared = new ArrayList<>();
      Result last = null;
      for (int run = 0; run < 3; run++) {
        memory.add(measure(node(null), null).perSecond);
        last = measure(node(redis.uri()), redis.uri());
        shared.add(last.perSecond);
      }
      System.out.printf(Locale.ROOT, "in-memory state: %.0f decisions/s (runs %s)%n", median(memory), memory);
      System.out.printf(Locale.ROOT, "redis state:     %.0f decisions/s (runs %s)%n", median(shared), shared);
      System.out.printf(Locale.ROOT, "redis/in-memory: %.2f%n", median(shared) / median(memory));
      System.out.printf(Locale.ROOT, "redis commands per admitted handshake: %.2f scripts (EVALSHA) + %.2f ZREM on release%n",
          last.scriptsPerDecision, last.releasesPerDecision);
      System.out.printf(Locale.ROOT, "decision latency with redis: p50 %.3f ms, p99 %.3f ms%n", last.p50Millis,
          last.p99Millis);
    }
    System.exit(0);
  }

  private static Portcullis node(String redisUri) {
    PortcullisConfig config = PortcullisConfig.builder().host("127.0.0.1").port(0).jwtSecret(SECRET)
        .maxConnectionsPerIp(1_000_000).maxConcurrentPerIp(1_000_000).maxConnectionsPerUser(1_000_000)
        .maxConnectionsTotal(1_000_000).build();
    Portcullis.Builder builder = Portcullis.with(config).handler(new EchoHandler());
    if (redisUri != null) {
      builder.module(new RedisStateModule(new StateConfig(StateKind.REDIS, redisUri, RedisFailureMode.LOCAL),
          RedisOptions.defaults()));
    }
    return builder.build();
  }

  record Result(double perSecond, double scriptsPerDecision, double releasesPerDecision, double p50Millis,
      double p99Millis) {}

  private static Result measure(Portcullis node, String redisUri) throws Exception {
    HandshakePipeline pipeline = node.injector().getInstance(HandshakePipeline.class);
    List<BearerToken> tokens = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      tokens.add(new BearerToken(dev.portcullis.testkit.TokenMinter.hmac(SECRET).subject("user-" + i).mint(),
          BearerToken.Carrier.HEADER));
    }
    run(pipeline, tokens, WARM_UP, null);
    long[] before = redisUri == null ? new long[2] : commandCounts(redisUri);
    long[] latencies = new long[2_000_000];
    AtomicLong recorded = new AtomicLong();
    long decisions = run(pipeline, tokens, MEASURE, (nanos) -> {
      long i = recorded.getAndIncrement();
      if (i < latencies.length) {
        latencies[(int) i] = nanos;
      }
    });
    Thread.sleep(200); // let the last releases land
    long[] after = redisUri == null ? new long[2] : commandCounts(redisUri);
    if (redisUri != null) {
      node.injector().getInstance(RedisState.class).close();
    }
    int n = (int) Math.min(recorded.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    return new Result(decisions / (double) MEASURE.toSeconds(), (after[0] - before[0]) / (double) decisions,
        (after[1] - before[1]) / (double) decisions, sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6);
  }

  private static long run(HandshakePipeline pipeline, List<BearerToken> tokens, Duration length,
      java.util.function.LongConsumer latency) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong count = new AtomicLong();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        long i = 0;
        while (running.get()) {
          i++;
          int a = (int) (i * THREADS + thread);
          String ip = "10." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
          ClientAddress client = ClientAddress.of(IpLiteral.parse(ip), 64);
          HandshakeRequest request = new HandshakeRequest(client, client.address(), null, "ws.example", false,
              tokens.get((int) (i % tokens.size())), Instant.now());
          long start = System.nanoTime();
          HandshakeOutcome outcome = pipeline.evaluate(request).get(10, TimeUnit.SECONDS);
          if (latency != null) {
            latency.accept(System.nanoTime() - start);
          }
          if (!(outcome instanceof HandshakeOutcome.Admitted admitted)) {
            throw new IllegalStateException("refused: " + outcome);
          }
          admitted.context().leases().forEach(Lease::release);
          count.incrementAndGet();
        }
        return null;
      }));
    }
    Thread.sleep(length.toMillis());
    running.set(false);
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdownNow();
    return count.get();
  }

  /** {scripts run (evalsha + eval), zrem calls} so far. */
  private static long[] commandCounts(String uri) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      long scripts = 0;
      long zrem = 0;
      for (String line : c.sync().info("commandstats").split("\r?\n")) {
        if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
          scripts += calls(line);
        } else if (line.startsWith("cmdstat_zrem:")) {
          zrem += calls(line);
        }
      }
      return new long[] {scripts, zrem};
    } finally {
      client.shutdown();
    }
  }

  private static long calls(String line) {
    int at = line.indexOf("calls=");
    return Long.parseLong(line.substring(at + 6, line.indexOf(',', at)));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }
}
