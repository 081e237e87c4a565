package dev.portcullis.bench.redis;

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
import dev.portcullis.redis.RedisOptions;
import dev.portcullis.redis.RedisStateModule;
import dev.portcullis.testkit.EchoHandler;
import dev.portcullis.testkit.RedisServer;
import dev.portcullis.testkit.TokenMinter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Handshake decisions through one node's real connection-policy pipeline (block list, origin, capacity,
 * attempt rate, per-address concurrency, JWT with a warm cache, subject block, per-user limit; no sockets),
 * with in-memory state and with {@code WS_STATE=redis} on a local {@code redis-server} started for the run
 * by the testkit's {@link RedisServer} (default {@code RedisOptions}: server time, 200 ms time limit).
 * Every decision is admitted, from an address of its own, and releases its slots as a closing connection
 * would. Throughput gives decisions
 * per second; sample time gives the latency percentiles of one decision. Redis commands per decision are
 * counted exactly by {@code HandshakeRoundTripsIT} in {@code adapters-redis}. Run:
 *
 * <pre>
 * mvn -B -o -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar HandshakeDecisionBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 8)
@Threads(4)
@Fork(1)
public class HandshakeDecisionBenchmark {

  static final String SECRET = "benchmark-secret-that-is-long-enough-0123456789";
  /** High enough that no run reaches it: the limits are counted, not what refuses. */
  static final int GENEROUS = 1_000_000_000;

  @Param({"memory", "redis"})
  public String state;

  private RedisServer redis;
  private Portcullis node;
  private HandshakePipeline pipeline;
  private List<BearerToken> tokens;
  private final AtomicInteger threads = new AtomicInteger();

  @Setup(Level.Trial)
  public void start() {
    PortcullisConfig config = PortcullisConfig.builder().host("127.0.0.1").port(0).jwtSecret(SECRET)
        .maxConnectionsPerIp(GENEROUS).maxConcurrentPerIp(GENEROUS).maxConnectionsPerUser(GENEROUS)
        .maxConnectionsTotal(GENEROUS).build();
    Portcullis.Builder builder = Portcullis.with(config).handler(new EchoHandler());
    if (state.equals("redis")) {
      redis = RedisServer.start();
      builder.module(new RedisStateModule(new StateConfig(StateKind.REDIS, redis.uri(), RedisFailureMode.LOCAL),
          RedisOptions.defaults()));
    }
    node = builder.start();
    pipeline = node.injector().getInstance(HandshakePipeline.class);
    tokens = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      tokens.add(new BearerToken(TokenMinter.hmac(SECRET).subject("user-" + i).mint(), BearerToken.Carrier.HEADER));
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    node.stop(Duration.ZERO);
    if (redis != null) {
      redis.close();
    }
  }

  /** One benchmark thread's addresses: {@code 10.t.x.y}, a new one for every decision. */
  @State(Scope.Thread)
  public static class Client {
    int thread;
    long next;

    @Setup(Level.Trial)
    public void number(HandshakeDecisionBenchmark benchmark) {
      thread = benchmark.threads.getAndIncrement();
    }
  }

  @Benchmark
  public HandshakeOutcome admitted(Client client) throws Exception {
    long n = client.next++;
    String ip = "10." + (client.thread & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    ClientAddress address = ClientAddress.of(IpLiteral.parse(ip), 64);
    HandshakeRequest request = new HandshakeRequest(address, address.address(), null, "ws.example", false,
        tokens.get((int) (n & 15)), Instant.now());
    HandshakeOutcome outcome = pipeline.evaluate(request).get(10, TimeUnit.SECONDS);
    if (!(outcome instanceof HandshakeOutcome.Admitted admitted)) {
      throw new IllegalStateException("a benchmark decision was refused: " + outcome);
    }
    admitted.context().leases().forEach(Lease::release);
    return outcome;
  }
}
