package dev.portcullis.redis;

import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.core.config.StateConfig;
import dev.portcullis.core.config.StateKind;
import dev.portcullis.core.inject.Portcullis;
import dev.portcullis.testkit.EchoHandler;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.RawResponse;
import dev.portcullis.testkit.TokenMinter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Several Portcullis nodes in one JVM, each assembled by the {@link Portcullis} facade with every plugin
 * on the class path and its own Undertow on a free port, all sharing one redis-server through
 * {@link RedisStateModule}. Closing the fleet stops every node, then closes its link to Redis, and
 * closes every raw connection a test left open. Thread-safe once started.
 */
final class Fleet implements AutoCloseable {

  static final String SECRET = "fleet-it-secret-that-is-long-enough-0123456789";
  static final TokenMinter MINTER = TokenMinter.hmac(SECRET);
  static final Duration STOP_GRACE = Duration.ofMillis(500);

  private final List<Node> nodes = new ArrayList<>();
  private final List<RawConnection> open = new CopyOnWriteArrayList<>();

  /** One running node and its link to Redis. */
  record Node(Portcullis portcullis, RedisState state) {
    URI uri() {
      return URI.create("ws://127.0.0.1:" + portcullis.port() + "/ws");
    }
  }

  private Fleet() {}

  /**
   * Starts {@code size} nodes on {@code redisUri} in {@code mode} with {@code options}; each node's
   * configuration starts from the contract's defaults with a JWT secret and no first-message
   * authentication, then is changed by {@code settings}.
   */
  static Fleet start(int size, String redisUri, RedisFailureMode mode, RedisOptions options,
      Consumer<PortcullisConfig.Builder> settings) {
    Fleet fleet = new Fleet();
    try {
      for (int i = 0; i < size; i++) {
        PortcullisConfig.Builder config = PortcullisConfig.builder().host("127.0.0.1").port(0).jwtSecret(SECRET)
            .authTimeout(Duration.ZERO);
        settings.accept(config);
        Portcullis node = Portcullis.with(config.build()).handler(new EchoHandler())
            .module(new RedisStateModule(new StateConfig(StateKind.REDIS, redisUri, mode), options))
            .start();
        fleet.nodes.add(new Node(node, node.injector().getInstance(RedisState.class)));
      }
      return fleet;
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  /**
   * The environment variables of a node that an operator puts on shared state at {@code redisUrl} under
   * {@code keyPrefix}, with this fleet's JWT secret and no first-message authentication, then
   * {@code variables} (name, value, name, value...) over them: a mutable map, for
   * {@link PortcullisConfig#fromEnvironment}.
   */
  static Map<String, String> environment(String redisUrl, String keyPrefix, String... variables) {
    if (variables.length % 2 != 0) {
      throw new IllegalArgumentException("variables come in name, value pairs: " + variables.length + " strings");
    }
    Map<String, String> env = new HashMap<>(Map.of("WS_HOST", "127.0.0.1", "WS_PORT", "0", "WS_JWT_SECRET", SECRET,
        "WS_AUTH_TIMEOUT", "0", "WS_STATE", "redis", "WS_REDIS_URL", redisUrl, "WS_REDIS_KEY_PREFIX", keyPrefix));
    for (int i = 0; i < variables.length; i += 2) {
      env.put(variables[i], variables[i + 1]);
    }
    return env;
  }

  Node node(int index) {
    return nodes.get(index);
  }

  int size() {
    return nodes.size();
  }

  /** A handshake to node {@code index} from {@code peer} with a token for {@code subject}. */
  RawHandshake request(int index, String peer, String subject) {
    return RawHandshake.to(node(index).uri()).from(peer).bearer(MINTER.subject(subject).mint())
        .timeout(Duration.ofSeconds(15));
  }

  /** Sends the handshake; an upgraded connection stays open (closed with the fleet), a refusal is closed. */
  RawResponse attempt(RawHandshake request) {
    RawConnection connection = request.open();
    RawResponse response = connection.response();
    if (response.upgraded()) {
      open.add(connection);
    } else {
      connection.close();
    }
    return response;
  }

  /** The connections this fleet's {@link #attempt}s upgraded and still hold. */
  List<RawConnection> upgraded() {
    return List.copyOf(open);
  }

  /** Closes one upgraded connection politely. */
  void hangUp(RawConnection connection) {
    open.remove(connection);
    connection.close();
  }

  /** Node {@code index} dies without a goodbye: its Redis link drops first, then its sockets. */
  void crash(int index) {
    Node node = node(index);
    node.state().crash();
    node.portcullis().stop(STOP_GRACE);
  }

  @Override
  public void close() {
    for (RawConnection c : open) {
      c.abort();
    }
    open.clear();
    for (Node node : nodes) {
      try {
        node.portcullis().stop(STOP_GRACE);
      } finally {
        node.state().close();
      }
    }
  }
}
