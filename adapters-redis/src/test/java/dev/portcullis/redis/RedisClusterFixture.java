package dev.portcullis.redis;

import dev.portcullis.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A three-master Redis Cluster of real redis-server processes (the testkit's {@link RedisServer}) on free
 * ports, built by hand (slots assigned with {@code CLUSTER ADDSLOTS}, nodes joined with
 * {@code CLUSTER MEET}) so it needs nothing but the server binary. {@link #close()} kills all three.
 * Thread-safe.
 */
final class RedisClusterFixture implements AutoCloseable {

  static final int MASTERS = 3;
  static final int SLOTS = 16_384;
  static final Duration FORMING = Duration.ofSeconds(20);

  private final List<RedisServer> servers = new ArrayList<>();
  private final List<Integer> busPorts = new ArrayList<>();

  private RedisClusterFixture() {}

  static RedisClusterFixture start() {
    RedisClusterFixture cluster = new RedisClusterFixture();
    try {
      for (int i = 0; i < MASTERS; i++) {
        // The bus port is set apart (Redis 7): port + 10000 would not fit above 55535.
        int bus = freeBusPort();
        cluster.busPorts.add(bus);
        cluster.servers.add(RedisServer.builder().arguments("--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
            "--cluster-port", Integer.toString(bus)).start());
      }
      cluster.form();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code redis://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}: a Cluster given by its seed nodes. */
  String uri() {
    return "redis://" + servers.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","));
  }

  /** Keys held by each master, in server order (DBSIZE on each). */
  List<Long> keysPerMaster() {
    List<Long> sizes = new ArrayList<>();
    for (RedisServer server : servers) {
      sizes.add(withNode(server, RedisCommands::dbsize));
    }
    return sizes;
  }

  private void form() {
    int perMaster = SLOTS / MASTERS;
    for (int i = 0; i < MASTERS; i++) {
      int from = i * perMaster;
      int to = i == MASTERS - 1 ? SLOTS - 1 : from + perMaster - 1;
      int[] slots = IntStream.rangeClosed(from, to).toArray();
      withNode(servers.get(i), c -> c.clusterAddSlots(slots));
    }
    for (int i = 1; i < MASTERS; i++) {
      int port = servers.get(i).port();
      int bus = busPorts.get(i);
      // CLUSTER MEET ip port bus-port: Lettuce's clusterMeet has no bus-port argument.
      withNode(servers.get(0), c -> c.dispatch(CommandType.CLUSTER, new StatusOutput<>(StringCodec.UTF8),
          new CommandArgs<>(StringCodec.UTF8).add("MEET").add("127.0.0.1").add(port).add(bus)));
    }
    long deadline = System.nanoTime() + FORMING.toNanos();
    while (System.nanoTime() < deadline) {
      boolean ok = true;
      for (RedisServer server : servers) {
        String info = withNode(server, RedisCommands::clusterInfo);
        ok &= info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + MASTERS);
      }
      if (ok) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the cluster formed", e);
      }
    }
    throw new IllegalStateException("the three-master cluster did not reach cluster_state:ok within " + FORMING);
  }

  private static int freeBusPort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for a cluster bus", e);
    }
  }

  private static <T> T withNode(RedisServer server, java.util.function.Function<RedisCommands<String, String>, T> action) {
    RedisClient client = RedisClient.create(server.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.setTimeout(Duration.ofSeconds(5));
      return action.apply(connection.sync());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Override
  public void close() {
    servers.forEach(RedisServer::close);
  }
}
