package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.testkit.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real redis-server (the testkit's {@link RedisServer}) for one test class, started before the first
 * test and killed after the last, with the nodes' {@link RedisState}s its tests create and the
 * {@link Fleet}s they start: each test gets its own key prefix, so tests never see one another's keys, and
 * every state and fleet is closed after its test. Unless a test says it breaks Redis on purpose
 * ({@link #expectFailures()}), each test also fails if any call to Redis failed or was refused: the
 * in-memory fallback must never be what made a test pass. Thread-safe.
 */
final class RedisExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

  /**
   * Short periods so that heartbeats and reclamation happen within a test, and a generous time limit: a
   * 2-core machine running eight client threads, Netty and Redis at once stalls for more than the
   * production limit now and then, and these tests are about answers, not about outages (those set
   * their own limit).
   */
  static final RedisOptions FAST = RedisOptions.builder()
      .timeLimit(Duration.ofSeconds(2))
      .slowCall(Duration.ofSeconds(1))
      .heartbeat(Duration.ofMillis(200))
      .leaseTtl(Duration.ofMillis(1_000))
      .blockSync(Duration.ofMillis(200))
      .breakerWait(Duration.ofMillis(300))
      .build();

  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private final RedisServer.Builder launcher;
  private final List<RedisState> states = new CopyOnWriteArrayList<>();
  private final List<Fleet> fleets = new CopyOnWriteArrayList<>();
  private volatile RedisServer server;
  private volatile String prefix = newPrefix();
  private volatile boolean failuresExpected;
  private volatile RedisClient inspector;
  private volatile StatefulRedisConnection<String, String> inspection;

  RedisExtension() {
    this(RedisServer.builder());
  }

  /** The server is started by {@code launcher} (a password, more arguments). */
  RedisExtension(RedisServer.Builder launcher) {
    this.launcher = launcher;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = launcher.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      if (!failuresExpected) {
        for (RedisState state : states) {
          assertThat(state.guard().failures()).as("failed Redis calls of node %s", state.nodeId()).isZero();
          assertThat(state.guard().rejections()).as("refused Redis calls of node %s", state.nodeId()).isZero();
        }
      }
    } finally {
      fleets.forEach(Fleet::close);
      fleets.clear();
      states.forEach(RedisState::close);
      states.clear();
      failuresExpected = false;
      prefix = newPrefix();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (inspector != null) {
        inspection.close();
        inspector.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    } finally {
      RedisServer s = server;
      if (s != null) {
        s.close();
      }
    }
  }

  /** A plain connection to look at what the adapters wrote (never used by an adapter). */
  synchronized RedisCommands<String, String> inspect() {
    if (inspector == null) {
      inspector = RedisClient.create(server.uri());
      inspector.setOptions(ClientOptions.builder().autoReconnect(true).build());
      inspection = inspector.connect();
      inspection.setTimeout(Duration.ofSeconds(5));
    }
    return inspection.sync();
  }

  /** Every key of the current test (a SCAN, never KEYS). */
  List<String> keysOfThisTest() {
    List<String> found = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = inspect().scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(500));
      found.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    return found;
  }

  RedisServer server() {
    return server;
  }

  /** The key prefix of the current test. */
  String prefix() {
    return prefix;
  }

  /** This test kills, pauses or fills Redis on purpose: failed calls do not fail it. */
  void expectFailures() {
    failuresExpected = true;
  }

  /** A node's state reading {@code clock} (the {@code NODE} time source), failure mode {@code local}. */
  RedisState node(Clock clock) {
    return node(clock, RedisFailureMode.LOCAL, o -> o.time(RedisOptions.TimeSource.NODE));
  }

  /** A node's state with Redis's clock, failure mode {@code local}. */
  RedisState serverTimeNode() {
    return node(Clock.systemUTC(), RedisFailureMode.LOCAL, o -> o);
  }

  /** A node's state in {@code mode}, with the {@link #FAST} periods changed by {@code options}. */
  RedisState node(Clock clock, RedisFailureMode mode, UnaryOperator<RedisOptions.Builder> options) {
    RedisOptions built = options.apply(FAST.toBuilder().keyPrefix(prefix)).build();
    RedisState state = RedisState.start(RedisEndpoint.parse(server.uri()), built, mode, clock);
    states.add(state);
    return state;
  }

  /**
   * Empties the server, then starts {@code size} nodes on it with {@code options} and failure mode
   * {@code local}, configured by {@code settings} (see {@link Fleet#start}); they stop after the test.
   */
  Fleet fleet(int size, RedisOptions options, Consumer<PortcullisConfig.Builder> settings) {
    inspect().flushall();
    Fleet fleet = Fleet.start(size, server.uri(), RedisFailureMode.LOCAL, options, settings);
    fleets.add(fleet);
    return fleet;
  }

  private static String newPrefix() {
    return "t" + PREFIXES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
  }
}
