package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A primary, a replica and three Sentinels (quorum two), all real redis-server processes: two nodes
 * reach the primary through {@code redis-sentinel://s1,s2,s3/0#mymaster}, share the per-address attempt
 * limit, and when the primary is killed and the Sentinels promote the replica, both nodes follow by
 * themselves and share the limit again within {@link #RECOVERY_BOUND}.
 */
class SentinelIT {

  static final String NAME = "mymaster";
  static final Duration DOWN_AFTER = Duration.ofMillis(1000);
  /** Detection (down-after), election and promotion, then a reconnect and a breaker probe on each node. */
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(15);
  static final int LIMIT = 3;

  private final List<RedisServer> servers = new ArrayList<>();
  private RedisServer primary;
  private RedisServer replica;
  private final List<RedisServer> sentinels = new ArrayList<>();
  private RedisClient sentinelClient;
  private Fleet fleet;

  @BeforeEach
  void startPrimaryReplicaAndSentinels() {
    primary = started(RedisServer.start());
    replica = started(RedisServer.builder().arguments("--replicaof", "127.0.0.1", Integer.toString(primary.port()))
        .start());
    for (int i = 0; i < 3; i++) {
      sentinels.add(started(RedisServer.startSentinel(NAME, primary, 2, DOWN_AFTER)));
    }
    sentinelClient = RedisClient.create();
    Eventually.within(Duration.ofSeconds(20), () -> {
      for (RedisServer sentinel : sentinels) {
        List<Map<String, String>> known = sentinel(sentinel, c -> c.sync().replicas(NAME));
        assertThat(known).as("replicas sentinel %d knows", sentinel.port())
            .anySatisfy(r -> assertThat(r.get("port")).isEqualTo(Integer.toString(replica.port())));
        assertThat(known.get(0).get("master-link-status")).isEqualTo("ok");
      }
    });
  }

  @AfterEach
  void stopEverything() {
    try {
      if (fleet != null) {
        fleet.close();
      }
      if (sentinelClient != null) {
        sentinelClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    } finally {
      servers.forEach(RedisServer::close);
    }
  }

  private RedisServer started(RedisServer server) {
    servers.add(server);
    return server;
  }

  private <T> T sentinel(RedisServer sentinel,
      java.util.function.Function<StatefulRedisSentinelConnection<String, String>, T> call) {
    try (StatefulRedisSentinelConnection<String, String> c = sentinelClient.connectSentinel(
        RedisURI.create("redis://127.0.0.1:" + sentinel.port()))) {
      c.setTimeout(Duration.ofSeconds(2));
      return call.apply(c);
    }
  }

  private String url() {
    StringBuilder hosts = new StringBuilder();
    for (RedisServer sentinel : sentinels) {
      hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1:").append(sentinel.port());
    }
    return "redis-sentinel://" + hosts + "/0#" + NAME;
  }

  /** Six attempts from one new address, alternating between the two nodes: how many were upgraded. */
  private long upgradedOfSix() {
    String peer = Peers.next();
    long upgraded = 0;
    for (int i = 0; i < 2 * LIMIT; i++) {
      int status = fleet.attempt(fleet.request(i % 2, peer, "sam")).status();
      assertThat(status).isIn(101, 429);
      upgraded += status == 101 ? 1 : 0;
    }
    return upgraded;
  }

  @Test
  void bothNodesFollowAFailoverAndShareTheLimitAgainWithinTheBound() {
    fleet = Fleet.start(2, url(), RedisFailureMode.LOCAL,
        RedisExtension.FAST.toBuilder().keyPrefix("sentinel").timeLimit(Duration.ofMillis(500)).build(),
        config -> config.maxConnectionsPerIp(LIMIT));
    assertThat(fleet.node(0).state().endpoint().topology()).isEqualTo(RedisEndpoint.Topology.SENTINEL);

    assertThat(upgradedOfSix()).as("shared through the primary the Sentinels named").isEqualTo(LIMIT);
    assertThat(fleet.node(0).state().guard().failures() + fleet.node(1).state().guard().failures()).isZero();

    long killed = System.nanoTime();
    primary.kill();

    Eventually.within(RECOVERY_BOUND, () -> {
      SocketAddress now = sentinel(sentinels.get(0), c -> c.sync().getMasterAddrByName(NAME));
      assertThat(((InetSocketAddress) now).getPort()).as("the primary the Sentinels name").isEqualTo(replica.port());
      for (int i = 0; i < fleet.size(); i++) {
        assertThat(fleet.node(i).state().guard().failures()).as("node %d noticed the outage", i).isPositive();
        assertThat(fleet.node(i).state().shared()).as("node %d back on shared state", i).isTrue();
      }
    });
    Duration recovered = Duration.ofNanos(System.nanoTime() - killed);
    System.out.printf("Sentinel failover: both nodes on shared state %d ms after the primary was killed%n",
        recovered.toMillis());

    assertThat(upgradedOfSix()).as("shared through the promoted replica").isEqualTo(LIMIT);
    assertThat(recovered).isLessThan(RECOVERY_BOUND);
  }
}
