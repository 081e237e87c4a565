package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.Revocation;
import dev.portcullis.core.port.RevocationList;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Portcullis nodes on one Redis, over real sockets: a range block, a subject block and a revocation
 * made on node 0 refuse handshakes on node 1 and close node 1's sockets they cover ({@code 1008 blocked},
 * {@code 1008 revoked}); a lifted range admits again on both. Ranges are {@code 127.230.0.0/16} and up,
 * which {@link Peers} never hands out.
 */
class FleetBlocksAndRevocationsIT {

  static final RedisOptions OPTIONS = FleetHandshakeIT.OPTIONS;
  static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  private Fleet fleet;

  @BeforeEach
  void twoNodes() {
    fleet = redis.fleet(2, OPTIONS, c -> { });
  }

  private BlockListPort blocksOn(int node) {
    return fleet.node(node).portcullis().injector().getInstance(BlockListPort.class);
  }

  private RevocationList revocationsOn(int node) {
    return fleet.node(node).portcullis().injector().getInstance(RevocationList.class);
  }

  private static void expectClose(RawConnection connection, int code, String reason) {
    for (;;) {
      RawConnection.Frame frame = connection.readFrame(WAIT);
      if (frame.opcode() == RawConnection.CLOSE) {
        assertThat(frame.closeCode()).isEqualTo(code);
        assertThat(frame.closeReason()).isEqualTo(reason);
        return;
      }
    }
  }

  private RawConnection openOn(int node, String peer, String subject) {
    RawConnection connection = fleet.request(node, peer, subject).open();
    assertThat(connection.response().upgraded()).as("upgraded on node %d", node).isTrue();
    return connection;
  }

  @Test
  void aRangeBlockedOnOneNodeClosesSocketsAndRefusesHandshakesOnTheOther() {
    try (RawConnection inside = openOn(1, "127.230.1.1", "ann");
        RawConnection outside = openOn(1, Peers.next(), "ann")) {
      Instant now = Instant.now();
      blocksOn(0).block(new Block("127.230.0.0/16", "operator", now, now.plus(Duration.ofMinutes(5))));

      expectClose(inside, 1008, "blocked");
      Eventually.within(WAIT, () -> assertThat(fleet.attempt(fleet.request(1, "127.230.9.9", "ann")).status())
          .isEqualTo(403));
      String message = "{\"id\":\"still\",\"type\":\"track\",\"timestamp\":" + Instant.now().getEpochSecond() + "}";
      outside.sendText(message);
      assertThat(outside.readFrame(WAIT).text()).as("the socket outside the range still echoes").isEqualTo(message);

      assertThat(blocksOn(0).lift("127.230.0.0/16")).isTrue();
      Eventually.within(WAIT, () -> assertThat(fleet.attempt(fleet.request(1, "127.230.9.9", "ann")).upgraded())
          .isTrue());
    }
  }

  @Test
  void aSubjectBlockedOnOneNodeClosesItsSocketsAndRefusesItOnTheOther() {
    String subject = "sub-" + UUID.randomUUID();
    try (RawConnection open = openOn(1, Peers.next(), subject)) {
      Instant now = Instant.now();
      blocksOn(0).block(new Block(Block.subjectKey(subject), "operator", now, now.plus(Duration.ofMinutes(5))));

      expectClose(open, 1008, "blocked");
      RawResponse refused = fleet.attempt(fleet.request(1, Peers.next(), subject));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.header("Retry-After")).isPresent();
      assertThat(fleet.attempt(fleet.request(1, Peers.next(), "someone-else")).upgraded()).isTrue();
    }
  }

  @Test
  void aSubjectRevokedOnOneNodeHasItsSocketsClosedRevokedAndItsOldTokensRefusedOnTheOther() {
    String subject = "rev-" + UUID.randomUUID();
    try (RawConnection open = openOn(1, Peers.next(), subject)) {
      Instant now = Instant.now().plusSeconds(2); // after the iat of every token minted so far
      revocationsOn(0).revoke(new Revocation(Revocation.Kind.SUBJECT, subject, now, "reset", now,
          now.plus(Duration.ofHours(2))));

      expectClose(open, 1008, "revoked");
      RawResponse refused = fleet.attempt(fleet.request(1, Peers.next(), subject));
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.headers("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_token\"");
    }
  }
}
