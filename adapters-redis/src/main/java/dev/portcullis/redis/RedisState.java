package dev.portcullis.redis;

import dev.portcullis.core.config.RedisFailureMode;
import io.lettuce.core.ScriptOutputType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's link to shared state: the connection, the guard every call goes through, the key layout,
 * the time source, this node's id and its presence heartbeat (which also tells how many nodes are live,
 * so that a node on its own while Redis is away enforces its share of each limit). The adapters of one
 * node share one instance; {@link #close()} says goodbye and releases the connection. Thread-safe.
 */
public final class RedisState implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisState.class);
  private static final LuaScript NODE = LuaScript.load("node");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RedisEndpoint endpoint;
  private final RedisOptions options;
  private final RedisFailureMode failureMode;
  private final Clock clock;
  private final Keys keys;
  private final String nodeId;
  private final ScheduledThreadPoolExecutor scheduler;
  private final LettuceStore store;
  private final RedisGuard guard;
  private final AtomicInteger liveNodes = new AtomicInteger(1);
  private final List<ScheduledFuture<?>> tasks = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisState(RedisEndpoint endpoint, RedisOptions options, RedisFailureMode failureMode, Clock clock) {
    this.endpoint = endpoint;
    this.options = options;
    this.failureMode = Objects.requireNonNull(failureMode, "failureMode");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keys = new Keys(options.keyPrefix());
    this.nodeId = newNodeId();
    AtomicInteger threads = new AtomicInteger();
    this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "portcullis-redis-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    this.store = new LettuceStore(endpoint, options.timeLimit(), scheduler);
    this.guard = new RedisGuard(options, endpoint.toLoggableString(), degradedSentence(failureMode), scheduler);
  }

  /**
   * Starts a node's link to {@code endpoint}: tries to connect (at most the connect timeout), then goes
   * on trying in the background if Redis is down (a node starts anyway, in its failure mode), and
   * schedules the presence heartbeat.
   */
  public static RedisState start(RedisEndpoint endpoint, RedisOptions options, RedisFailureMode failureMode,
      Clock clock) {
    RedisState state = new RedisState(endpoint, options, failureMode, clock);
    state.store.connect();
    state.every(options.heartbeat(), "presence heartbeat", state::heartbeat);
    LOG.info("Shared state on Redis ({}) at {}, node {}, failure mode {}", endpoint.topology(),
        endpoint.toLoggableString(), state.nodeId, failureMode.name().toLowerCase(java.util.Locale.ROOT));
    return state;
  }

  /** This node's id, unique in the fleet; part of every lease it holds. */
  public String nodeId() {
    return nodeId;
  }

  public RedisFailureMode failureMode() {
    return failureMode;
  }

  public RedisOptions options() {
    return options;
  }

  public RedisEndpoint endpoint() {
    return endpoint;
  }

  /** Whether Redis is out of reach right now (the node answers with its failure mode). */
  public boolean degraded() {
    return guard.degraded();
  }

  /** Whether every call goes to Redis (the breaker is closed): the node is on shared state. */
  public boolean shared() {
    return guard.state() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED;
  }

  /** Live nodes at the last heartbeat (at least 1): a node alone divides each limit by this. */
  public int liveNodes() {
    return liveNodes.get();
  }

  /** Whether the first connection to Redis has been made. */
  public boolean connected() {
    return store.connected();
  }

  public RedisGuard guard() {
    return guard;
  }

  Keys keys() {
    return keys;
  }

  LettuceStore store() {
    return store;
  }

  Clock clock() {
    return clock;
  }

  /** The {@code now} argument of a script: the node's clock, or -1 for Redis's own ({@code TIME}). */
  String scriptNow() {
    return options.time() == RedisOptions.TimeSource.NODE ? Long.toString(clock.millis()) : "-1";
  }

  /** {@code limit} shared out among the live nodes (rounded up, at least 1): a node's share while alone. */
  long share(long limit) {
    int nodes = Math.max(1, liveNodes.get());
    return Math.max(1, -Math.floorDiv(-limit, nodes));
  }

  /** Runs {@code task} every {@code period} on the node's Redis thread until {@link #close()}. */
  void every(Duration period, String name, Runnable task) {
    Runnable guarded = () -> {
      try {
        task.run();
      } catch (RedisUnavailableException e) {
        LOG.debug("Redis {} skipped: {}", name, e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("Redis {} failed", name, e);
      }
    };
    tasks.add(scheduler.scheduleWithFixedDelay(guarded, 0, period.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** Runs {@code task} once, soon, on the node's Redis thread. */
  void soon(Runnable task) {
    if (!closed.get()) {
      scheduler.execute(task);
    }
  }

  /** Runs {@code script} through the guard and waits, at most the time limit. */
  <T> T run(String operation, LuaScript script, ScriptOutputType type, String[] keys, String... args) {
    return guard.call(operation, () -> script.<T>run(store.commands(), type, keys, args));
  }

  private void heartbeat() {
    Long nodes = run("presence heartbeat", NODE, ScriptOutputType.INTEGER, new String[] {keys.nodes()},
        scriptNow(), Long.toString(options.leaseTtl().toMillis()), nodeId, "1");
    liveNodes.set((int) Math.max(1, Math.min(Integer.MAX_VALUE, nodes)));
  }

  /** Leaves the node list, stops the heartbeat and closes the connection; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    tasks.forEach(t -> t.cancel(false));
    try {
      run("goodbye", NODE, ScriptOutputType.INTEGER, new String[] {keys.nodes()}, scriptNow(),
          Long.toString(options.leaseTtl().toMillis()), nodeId, "0");
    } catch (RedisUnavailableException e) {
      LOG.debug("No goodbye to Redis: {}", e.getMessage()); // the node's entry lapses by itself
    }
    try {
      store.close();
    } finally {
      scheduler.shutdownNow();
    }
  }

  /**
   * Drops the link the way a crashed process would: no goodbye, no more heartbeats, no releases; what
   * this node held in Redis stays there until its deadline passes. For tests of node death.
   */
  void crash() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    tasks.forEach(t -> t.cancel(false));
    try {
      store.close();
    } finally {
      scheduler.shutdownNow();
    }
  }

  private static String degradedSentence(RedisFailureMode mode) {
    return switch (mode) {
      case LOCAL -> "this node keeps enforcing every limit with node-local state, each limit shared out among the "
          + "nodes last seen (WS_REDIS_FAILURE_MODE=local)";
      case CLOSED -> "this node refuses new connections with 503 (WS_REDIS_FAILURE_MODE=closed)";
      case OPEN -> "this node admits new connections without shared limits (WS_REDIS_FAILURE_MODE=open)";
    };
  }

  private static String newNodeId() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public String toString() {
    return "RedisState[node " + nodeId + ", " + endpoint + "]";
  }
}
