package dev.portcullis.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lettuce side: one client for the endpoint's topology, one multiplexed command connection shared
 * by every caller, and one pub/sub connection. A node starts whether or not Redis answers: connecting
 * is retried in the background until it succeeds, and from then on Lettuce reconnects by itself (within
 * about a second) and re-subscribes. While disconnected, commands are rejected at once rather than
 * queued, so a caller never waits on a dead link. A {@code rediss://} endpoint is only ever reached
 * over TLS, with the server's certificate and host name verified against the endpoint's authorities (or
 * the JVM's trust store): a certificate that does not verify is a failed connection, logged as such,
 * never a reason to talk in the clear. Thread-safe.
 */
final class LettuceStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LettuceStore.class);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration RECONNECT_MIN = Duration.ofMillis(20);
  static final Duration RECONNECT_MAX = Duration.ofSeconds(1);

  private final RedisEndpoint endpoint;
  private final ScheduledExecutorService scheduler;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final Map<String, Consumer<String>> channels = new ConcurrentHashMap<>();
  private volatile StatefulConnection<String, String> connection;
  private volatile RedisClusterAsyncCommands<String, String> commands;
  private volatile StatefulRedisPubSubConnection<String, String> pubsub;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long retryDelayMillis = RECONNECT_MIN.toMillis();
  private final AtomicBoolean tlsFailureLogged = new AtomicBoolean();

  @SuppressWarnings("deprecation") // enableAllAdaptiveRefreshTriggers: its replacement is deprecated too in 7.x
  LettuceStore(RedisEndpoint endpoint, Duration timeLimit, ScheduledExecutorService scheduler) {
    this.endpoint = endpoint;
    this.scheduler = scheduler;
    this.resources = ClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(RECONNECT_MIN, RECONNECT_MAX, 2, TimeUnit.MILLISECONDS))
        .build();
    // Lettuce's own timeout is a backstop that clears abandoned commands; callers wait timeLimit at most.
    TimeoutOptions timeouts = TimeoutOptions.enabled(max(Duration.ofSeconds(1), timeLimit.multipliedBy(5)));
    SocketOptions socket = SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).tcpNoDelay(true)
        .build();
    SslOptions tls = sslOptions(endpoint);
    if (endpoint.topology() == RedisEndpoint.Topology.CLUSTER) {
      RedisClusterClient cluster = RedisClusterClient.create(resources, endpoint.uris());
      cluster.setOptions(ClusterClientOptions.builder()
          .autoReconnect(true)
          // A Cluster connects to each node lazily, and rejecting would fail the first command to every
          // node (and to every node a topology change brings): buffer instead; the time limit still
          // bounds every caller, and Lettuce's own timeout clears what waits too long.
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.DEFAULT)
          .timeoutOptions(timeouts)
          .socketOptions(socket)
          .sslOptions(tls)
          .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
              .enableAllAdaptiveRefreshTriggers()
              .enablePeriodicRefresh(Duration.ofSeconds(30))
              .build())
          .build());
      this.client = cluster;
    } else {
      RedisClient single = RedisClient.create(resources, endpoint.uris().get(0));
      single.setOptions(ClientOptions.builder()
          .autoReconnect(true)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .timeoutOptions(timeouts)
          .socketOptions(socket)
          .sslOptions(tls)
          .build());
      this.client = single;
    }
  }

  /**
   * Tries to connect once, in the caller's thread (at most the connect timeout); when that fails, keeps
   * trying in the background and returns false.
   */
  boolean connect() {
    if (attempt()) {
      return true;
    }
    scheduleRetry();
    return false;
  }

  /** Whether the first connection has been made (Lettuce keeps it up from then on). */
  boolean connected() {
    return commands != null;
  }

  /**
   * The shared asynchronous commands.
   *
   * @throws RedisUnavailableException before the first connection succeeded
   */
  RedisClusterAsyncCommands<String, String> commands() {
    RedisClusterAsyncCommands<String, String> c = commands;
    if (c == null) {
      throw new RedisUnavailableException("Redis at " + endpoint.toLoggableString() + " is not connected yet", null);
    }
    return c;
  }

  /**
   * Calls {@code listener} on every message of {@code channel}, on a Lettuce thread (it must hand work
   * off quickly). Takes effect as soon as the pub/sub connection is up, and survives reconnections.
   */
  void subscribe(String channel, Consumer<String> listener) {
    channels.put(channel, listener);
    StatefulRedisPubSubConnection<String, String> p = pubsub;
    if (p != null) {
      p.async().subscribe(channel);
    }
  }

  RedisEndpoint endpoint() {
    return endpoint;
  }

  private void retry() {
    if (!attempt()) {
      scheduleRetry();
    }
  }

  private void scheduleRetry() {
    long delay = retryDelayMillis;
    retryDelayMillis = Math.min(RECONNECT_MAX.toMillis(), delay * 2);
    if (!closed.get()) {
      scheduler.schedule(this::retry, delay, TimeUnit.MILLISECONDS);
    }
  }

  private boolean attempt() {
    if (closed.get() || commands != null) {
      return true;
    }
    try {
      StatefulConnection<String, String> c;
      RedisClusterAsyncCommands<String, String> async;
      StatefulRedisPubSubConnection<String, String> p;
      if (client instanceof RedisClusterClient cluster) {
        StatefulRedisClusterConnection<String, String> cc = cluster.connect();
        cc.getPartitions().forEach(node -> cc.getConnection(node.getNodeId())); // every node, now
        c = cc;
        async = cc.async();
        p = cluster.connectPubSub();
      } else {
        StatefulRedisConnection<String, String> sc = ((RedisClient) client).connect();
        c = sc;
        async = sc.async();
        p = ((RedisClient) client).connectPubSub();
      }
      p.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          Consumer<String> listener = channels.get(channel);
          if (listener != null) {
            listener.accept(message);
          }
        }
      });
      if (!channels.isEmpty()) {
        p.async().subscribe(channels.keySet().toArray(String[]::new));
      }
      synchronized (this) {
        if (closed.get()) {
          p.close();
          c.close();
          return true;
        }
        connection = c;
        pubsub = p;
        commands = async;
      }
      LOG.info("Connected to Redis ({}) at {}", endpoint.topology(), endpoint.toLoggableString());
      return true;
    } catch (RuntimeException e) {
      SSLException tls = tlsFailure(e);
      if (tls != null && tlsFailureLogged.compareAndSet(false, true)) {
        LOG.error("TLS handshake with Redis at {} failed: {}; {}. Not connected (never in plain text); retrying",
            endpoint.toLoggableString(), tls.getMessage(), endpoint.trustedCa().isPresent()
                ? "the server's certificate does not chain to WS_REDIS_TLS_CA_FILE or does not name the host"
                : "the server's certificate is not trusted by the JVM's trust store (set WS_REDIS_TLS_CA_FILE)");
      }
      LOG.warn("Cannot connect to Redis at {} ({}); retrying in {} ms", endpoint.toLoggableString(),
          tls != null ? "TLS handshake failed" : e.getClass().getSimpleName(), retryDelayMillis);
      return false;
    }
  }

  /** The endpoint's trusted authorities, or the JVM's trust store (Lettuce's default) when none are named. */
  private static SslOptions sslOptions(RedisEndpoint endpoint) {
    SslOptions.Builder tls = SslOptions.builder().jdkSslProvider();
    endpoint.trustedCa().ifPresent(ca -> tls.trustManager(ca.toFile()));
    return tls.build();
  }

  private static SSLException tlsFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SSLException ssl) {
        return ssl;
      }
    }
    return null;
  }

  /** Closes the connections and the client; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    StatefulRedisPubSubConnection<String, String> p;
    StatefulConnection<String, String> c;
    synchronized (this) {
      p = pubsub;
      c = connection;
      pubsub = null;
      connection = null;
      commands = null;
    }
    try {
      if (p != null) {
        p.close();
      }
      if (c != null) {
        c.close();
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
