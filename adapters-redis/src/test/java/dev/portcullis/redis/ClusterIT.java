package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.RateRule;
import dev.portcullis.core.testing.Concurrently;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A three-master Redis Cluster started by the test: the same limits hold exactly across nodes, the keys
 * of one address share a slot while different addresses spread over the masters, leases and replay
 * ids work, and a block still reaches every node (Cluster pub/sub is broadcast).
 */
class ClusterIT {

  static RedisClusterFixture cluster;
  private final List<RedisState> states = new ArrayList<>();
  private final String prefix = "c" + Long.toHexString(System.nanoTime());

  @BeforeAll
  static void startTheCluster() {
    cluster = RedisClusterFixture.start();
  }

  @AfterAll
  static void killTheCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void closeTheNodes() {
    for (RedisState state : states) {
      assertThat(state.guard().failures()).as("failed calls of node %s", state.nodeId()).isZero();
      state.close();
    }
  }

  private RedisState node() {
    RedisState state = RedisState.start(RedisEndpoint.parse(cluster.uri()),
        RedisExtension.FAST.toBuilder().keyPrefix(prefix).build(), RedisFailureMode.LOCAL,
        Clock.systemUTC());
    states.add(state);
    return state;
  }

  @Test
  void theEndpointIsACluster() {
    assertThat(RedisEndpoint.parse(cluster.uri()).topology()).isEqualTo(RedisEndpoint.Topology.CLUSTER);
  }

  @Test
  void threeNodesAreAllowedExactlyTheLimitInAllAndAddressesSpreadOverTheMasters() throws Exception {
    List<LettuceRateLimiter> nodes = List.of(new LettuceRateLimiter(node()), new LettuceRateLimiter(node()),
        new LettuceRateLimiter(node()));
    RateRule rule = new RateRule("attempts", 20, Duration.ofSeconds(60));
    for (int address = 0; address < 12; address++) {
      String key = "198.51.100." + address;
      AtomicInteger allowed = new AtomicInteger();
      Concurrently.run(6, thread -> {
        for (int i = 0; i < 8; i++) {
          if (nodes.get(thread % 3).tryConsume(rule, key, 1).allowed()) {
            allowed.incrementAndGet();
          }
        }
      });
      assertThat(allowed).as("address %s", key).hasValue(20);
    }

    assertThat(cluster.keysPerMaster()).as("keys per master").filteredOn(n -> n > 0).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void subjectLeasesAndTheTotalHoldAcrossNodes() throws Exception {
    List<LettuceConnectionRegistry> nodes = List.of(new LettuceConnectionRegistry(node()),
        new LettuceConnectionRegistry(node()));
    List<Lease> granted = new CopyOnWriteArrayList<>();

    Concurrently.run(4, thread -> {
      for (int i = 0; i < 10; i++) {
        Optional<Lease> lease = nodes.get(thread % 2).tryLease(LeaseScope.SUBJECT, "alice", 7);
        lease.ifPresent(granted::add);
      }
    });
    assertThat(granted).hasSize(7);
    assertThat(nodes.get(0).tryLease(LeaseScope.TOTAL, "", 1)).isPresent();
    assertThat(nodes.get(1).tryLease(LeaseScope.TOTAL, "", 1)).isEmpty();
    granted.forEach(Lease::release);
    Eventually.within(Duration.ofSeconds(2),
        () -> assertThat(nodes.get(1).leased(LeaseScope.SUBJECT, "alice")).isZero());
  }

  @Test
  void aBlockReachesEveryNodeAndAReplayIdIsSharedOnACluster() {
    LettuceBlockList onA = new LettuceBlockList(node());
    LettuceBlockList onB = new LettuceBlockList(node());
    List<Block> heard = new CopyOnWriteArrayList<>();
    onB.watch(heard::add);
    Instant now = Instant.now();
    Block block = new Block("203.0.113.77", "cluster", now, now.plusSeconds(120));

    onA.block(block);

    Eventually.within(Duration.ofSeconds(1), () -> assertThat(heard).containsExactly(block));
    assertThat(onB.find("203.0.113.77")).contains(block);
    assertThat(onB.lift("203.0.113.77")).isTrue();
    Eventually.within(Duration.ofSeconds(1), () -> assertThat(onA.find("203.0.113.77")).isEmpty());

    LettuceReplayGuard first = new LettuceReplayGuard(node());
    LettuceReplayGuard second = new LettuceReplayGuard(node());
    assertThat(first.firstSeen("alice", "m-1", Duration.ofMinutes(1))).isTrue();
    assertThat(second.firstSeen("alice", "m-1", Duration.ofMinutes(1))).isFalse();
  }
}
