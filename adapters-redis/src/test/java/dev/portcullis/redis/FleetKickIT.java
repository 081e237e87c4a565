package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.NodeConnections;
import dev.portcullis.core.port.OpenConnection;
import dev.portcullis.testkit.RawConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes on one Redis, over real sockets: a kick asked of node 0's registry (what
 * {@code DELETE /admin/connections/{id}} calls) closes a socket held on node 1 {@code 1008 kicked}, and
 * every node sees the fleet's connections per node.
 */
class FleetKickIT {

  static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  private Fleet fleet;

  @BeforeEach
  void twoNodes() {
    fleet = redis.fleet(2, FleetHandshakeIT.OPTIONS, c -> { });
  }

  private ConnectionRegistry registryOf(int node) {
    return fleet.node(node).portcullis().injector().getInstance(ConnectionRegistry.class);
  }

  private String onlyConnectionOf(int node) {
    Eventually.within(WAIT, () -> assertThat(registryOf(node).connections()).hasSize(1));
    return registryOf(node).connections().get(0).id();
  }

  @Test
  void aKickOnOneNodeClosesTheSocketHeldOnTheOther() {
    assertThat(fleet.attempt(fleet.request(1, Peers.next(), "alice")).upgraded()).isTrue();
    RawConnection socket = fleet.upgraded().get(0);
    String id = onlyConnectionOf(1);

    boolean kicked = registryOf(0).kick(id, 1008, "kicked");

    assertThat(kicked).isTrue();
    RawConnection.Frame frame = socket.readFrame(WAIT);
    while (frame.opcode() != RawConnection.CLOSE) {
      frame = socket.readFrame(WAIT);
    }
    assertThat(frame.closeCode()).isEqualTo(1008);
    assertThat(frame.closeReason()).isEqualTo("kicked");
  }

  @Test
  void aKickOfAConnectionNoNodeHoldsAnswersFalseWithinTheWait() {
    long start = System.nanoTime();

    boolean kicked = registryOf(0).kick("no-such-connection", 1008, "kicked");

    assertThat(kicked).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(LettuceConnectionRegistry.KICK_WAIT.plusSeconds(2));
  }

  @Test
  void everyNodeSeesTheConnectionsEachNodeHolds() {
    fleet.attempt(fleet.request(1, Peers.next(), "alice"));
    fleet.attempt(fleet.request(1, Peers.next(), "bob"));
    fleet.attempt(fleet.request(0, Peers.next(), "carol"));
    String node0 = fleet.node(0).state().nodeId();
    String node1 = fleet.node(1).state().nodeId();

    Eventually.within(WAIT, () -> assertThat(registryOf(0).nodes()).containsExactlyInAnyOrder(
        new NodeConnections(node0, 1, true), new NodeConnections(node1, 2, false)));
    List<NodeConnections> fromNode1 = registryOf(1).nodes();
    assertThat(fromNode1).filteredOn(NodeConnections::self).extracting(NodeConnections::node).containsExactly(node1);
    assertThat(registryOf(1).connections()).extracting(OpenConnection::id).hasSize(2);
  }
}
