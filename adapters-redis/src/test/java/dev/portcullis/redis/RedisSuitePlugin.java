package dev.portcullis.redis;

import com.google.inject.Module;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.core.config.StateConfig;
import dev.portcullis.core.config.StateKind;
import dev.portcullis.core.inject.PortcullisPlugin;
import dev.portcullis.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the testkit's end-to-end handshake suite again with shared state on Redis. Active only in the
 * {@code handshake-suite-on-redis} test run (system property {@value #SWITCH}), where it puts every node
 * the suite starts on one redis-server this plugin starts for the run, each node under its own key
 * prefix so the suite's tests do not see each other's counters. The suite moves its nodes' clocks, so
 * the scripts read the node's clock here ({@code NODE} time); Redis's own clock is covered by this
 * module's other tests. The server and the nodes' links are closed when the run's JVM ends. Thread-safe.
 */
public final class RedisSuitePlugin implements PortcullisPlugin {

  static final String SWITCH = "portcullis.redis.suite";
  private static final AtomicInteger NODES = new AtomicInteger();
  private static final List<RedisState> STATES = new CopyOnWriteArrayList<>();
  private static volatile RedisServer server;

  @Override
  public Module module(PortcullisConfig config) {
    if (!Boolean.getBoolean(SWITCH) || config.state().kind() == StateKind.REDIS) {
      return binder -> { };
    }
    RedisOptions options = RedisOptions.builder()
        .time(RedisOptions.TimeSource.NODE)
        .timeLimit(Duration.ofSeconds(2))
        .slowCall(Duration.ofSeconds(1))
        .keyPrefix("suite" + NODES.incrementAndGet())
        .build();
    return binder -> {
      binder.install(new RedisStateModule(new StateConfig(StateKind.REDIS, server().uri(), RedisFailureMode.LOCAL),
          options));
      binder.bind(Closer.class).asEagerSingleton();
    };
  }

  private static synchronized RedisServer server() {
    if (server == null) {
      server = RedisServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        STATES.forEach(RedisState::close);
        server.close();
      }, "redis-suite-shutdown"));
    }
    return server;
  }

  /** Remembers each node's link so that it is closed with the run. */
  static final class Closer {
    @jakarta.inject.Inject
    Closer(RedisState state) {
      STATES.add(state);
    }
  }
}
