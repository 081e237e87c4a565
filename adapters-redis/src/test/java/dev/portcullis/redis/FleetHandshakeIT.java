package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.testing.Concurrently;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two and three Portcullis nodes on one Redis, driven over real sockets: the per-address attempt limit,
 * the per-subject limit and the total hold across the fleet exactly (N in all, not N per node) under
 * concurrent attempts; a block made on one node refuses the address everywhere and closes its sockets
 * on the other nodes; and the leases of a node that dies without a goodbye come back within the bound.
 */
class FleetHandshakeIT {

  /** Generous for a loaded 2-core machine: these tests are about exact counts, not outages. */
  static final RedisOptions OPTIONS = RedisOptions.builder()
      .timeLimit(Duration.ofSeconds(2))
      .slowCall(Duration.ofSeconds(1))
      .heartbeat(Duration.ofMillis(300))
      .leaseTtl(Duration.ofMillis(1_500))
      .blockSync(Duration.ofMillis(300))
      .build();

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  @Test
  void theAttemptLimitOfOneAddressHoldsAcrossThreeNodesUnderConcurrentAttempts() throws Exception {
    Fleet fleet = redis.fleet(3, OPTIONS, c -> c.maxConnectionsPerIp(8));
    String peer = Peers.next();
    List<Integer> statuses = new CopyOnWriteArrayList<>();

    Concurrently.run(6, thread -> {
      for (int i = 0; i < 2; i++) {
        statuses.add(fleet.attempt(fleet.request(thread % 3, peer, "user-" + thread + "-" + i)).status());
      }
    });

    assertThat(count(statuses)).containsExactlyInAnyOrderEntriesOf(Map.of(101, 8L, 429, 4L));
  }

  @Test
  void theSubjectLimitHoldsAcrossThreeNodesAndASlotFreedOnOneIsTakenOnAnother() throws Exception {
    Fleet fleet = redis.fleet(3, OPTIONS, c -> c.maxConnectionsPerUser(3));
    List<RawResponse> answers = new CopyOnWriteArrayList<>();

    Concurrently.run(9, thread -> answers.add(fleet.attempt(fleet.request(thread % 3, Peers.next(), "alice"))));

    assertThat(count(answers.stream().map(RawResponse::status).toList()))
        .containsExactlyInAnyOrderEntriesOf(Map.of(101, 3L, 429, 6L));
    assertThat(answers).filteredOn(r -> r.status() == 429)
        .allSatisfy(r -> assertThat(r.body()).contains("too_many_connections"));
    fleet.hangUp(fleet.upgraded().get(0));
    Eventually.within(Duration.ofSeconds(5),
        () -> assertThat(fleet.attempt(fleet.request(1, Peers.next(), "alice")).status()).isEqualTo(101));
    assertThat(fleet.attempt(fleet.request(2, Peers.next(), "alice")).status()).isEqualTo(429);
  }

  @Test
  void theTotalHoldsAcrossTwoNodes() throws Exception {
    Fleet fleet = redis.fleet(2, OPTIONS, c -> c.maxConnectionsTotal(4));
    List<RawResponse> answers = new CopyOnWriteArrayList<>();

    Concurrently.run(8, thread -> answers.add(fleet.attempt(fleet.request(thread % 2, Peers.next(), "u" + thread))));

    assertThat(count(answers.stream().map(RawResponse::status).toList()))
        .containsExactlyInAnyOrderEntriesOf(Map.of(101, 4L, 503, 4L));
    assertThat(answers).filteredOn(r -> r.status() == 503).allSatisfy(r -> assertThat(r.body()).contains("capacity"));
  }

  @Test
  void aBlockMadeOnOneNodeRefusesTheAddressOnTheOthersAndClosesItsSocketsThereWithinASecond() {
    Fleet fleet = redis.fleet(3, OPTIONS, c -> { });
    String peer = Peers.next();
    fleet.attempt(fleet.request(1, peer, "mallory"));
    fleet.attempt(fleet.request(2, peer, "mallory"));
    List<RawConnection> sockets = fleet.upgraded();
    assertThat(sockets).hasSize(2);
    Instant now = Instant.now();

    long start = System.nanoTime();
    fleet.node(0).portcullis().injector().getInstance(BlockListPort.class)
        .block(new Block(peer, "operator", now, now.plusSeconds(300)));

    for (RawConnection socket : sockets) {
      RawConnection.Frame close = socket.readFrame(Duration.ofSeconds(1));
      assertThat(close.opcode()).isEqualTo(RawConnection.CLOSE);
      assertThat(close.closeCode()).isEqualTo(1008);
      assertThat(close.closeReason()).isEqualTo("blocked");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    for (int node = 0; node < 3; node++) {
      RawResponse refused = fleet.attempt(fleet.request(node, peer, "mallory"));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.body()).contains("blocked");
      assertThat(refused.header("Retry-After")).isPresent();
    }
    assertThat(fleet.attempt(fleet.request(1, Peers.next(), "mallory")).status()).as("another address").isEqualTo(101);
  }

  @Test
  void theLeasesOfANodeKilledWithoutAGoodbyeComeBackWithinTheLeaseTtl() {
    Fleet fleet = redis.fleet(2, OPTIONS, c -> c.maxConnectionsPerUser(2));
    fleet.attempt(fleet.request(0, Peers.next(), "carol"));
    fleet.attempt(fleet.request(0, Peers.next(), "carol"));
    assertThat(fleet.upgraded()).hasSize(2);
    assertThat(fleet.attempt(fleet.request(1, Peers.next(), "carol")).status()).isEqualTo(429);

    fleet.crash(0);
    long crashed = System.nanoTime();
    AtomicInteger refusedMeanwhile = new AtomicInteger();
    AtomicInteger admitted = new AtomicInteger();
    Eventually.within(OPTIONS.leaseTtl().plus(Duration.ofSeconds(3)), () -> {
      int status = fleet.attempt(fleet.request(1, Peers.next(), "carol")).status();
      if (status == 429) {
        refusedMeanwhile.incrementAndGet();
      } else if (status == 101) {
        admitted.incrementAndGet();
      }
      assertThat(admitted).as("both of the dead node's slots taken on the other node").hasValue(2);
    });

    Duration reclaimedAfter = Duration.ofNanos(System.nanoTime() - crashed);
    // A lease lapses a TTL after the dead node's last heartbeat; the two may have had beats apart.
    assertThat(reclaimedAfter).isLessThanOrEqualTo(OPTIONS.leaseTtl().plus(OPTIONS.heartbeat()).plusSeconds(1));
    assertThat(refusedMeanwhile).as("the dead node's leases held for a while").hasPositiveValue();
    assertThat(fleet.attempt(fleet.request(1, Peers.next(), "carol")).status()).isEqualTo(429);
  }

  private static Map<Integer, Long> count(List<Integer> statuses) {
    return statuses.stream().collect(Collectors.groupingBy(Function.identity(), ConcurrentHashMap::new,
        Collectors.counting()));
  }
}
