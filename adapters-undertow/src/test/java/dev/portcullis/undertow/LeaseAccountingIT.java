package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every close releases every lease exactly once, whatever closed the socket: 2,000 sockets opened in
 * batches and ended in seven ways (a client close handshake, a TCP reset, a FIN without a close frame,
 * a close by the application, the authentication timeout, the heartbeat timeout, and
 * {@code too_many_violations}), after which the node's slot counters (total, per address, per subject),
 * its registry and its open sockets are all back at zero, and the application heard one close per open.
 */
class LeaseAccountingIT {

  private static final int SOCKETS = 2_000;
  private static final int BATCH = 250;
  private static final int WAYS = 7;
  private static final int SUBJECTS = 10;

  @Test
  void twoThousandSocketsEndedInEveryWayGiveBackEverySlot() throws Exception {
    Logger security = (Logger) LoggerFactory.getLogger("portcullis.security");
    Level before = security.getLevel();
    security.setLevel(Level.OFF); // 858 expected events are not worth rendering
    try (TestServer server = TestServer.start(b -> b.requireAuth(true).jwtSecret(TestServer.SECRET).authTimeout(Duration.ofSeconds(1))
        .heartbeatInterval(Duration.ofSeconds(1))
        // long enough that a loaded machine ends a whole batch before its silent sockets time out
        .heartbeatTimeout(Duration.ofSeconds(5))
        .suspiciousThreshold(5).maxConnectionsPerUser(SOCKETS))) {
      server.messageScript.refuseContaining("violate", "invalid_format"); // weighs 5: one is enough
      List<RawWebSocket> leftToTimeOut = new ArrayList<>();
      List<String> addresses = new ArrayList<>(List.of("127.0.0.1"));
      long start = System.nanoTime();
      try {
        for (int first = 0; first < SOCKETS; first += BATCH) {
          List<RawWebSocket> batch = new ArrayList<>();
          for (int i = first; i < first + BATCH; i++) {
            batch.add(open(server, i, addresses));
          }
          for (int i = first; i < first + BATCH; i++) {
            RawWebSocket ws = batch.get(i - first);
            if (!end(ws, i % WAYS)) {
              leftToTimeOut.add(ws);
            }
          }
        }
        Eventually.holds("every socket closed", Duration.ofSeconds(20), () -> server.transport.openSockets() == 0);
      } finally {
        for (RawWebSocket ws : leftToTimeOut) {
          ws.close();
        }
      }

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
      assertThat(server.totalLeases()).isZero();
      for (String address : addresses) {
        assertThat(server.addressLeases(address)).as("slots of %s", address).isZero();
      }
      for (int s = 0; s < SUBJECTS; s++) {
        assertThat(server.subjectLeases("u" + s)).as("slots of u%d", s).isZero();
      }
      assertThat(server.registry().connections()).isEmpty();
      int unauthenticated = (SOCKETS + WAYS - 1 - 4) / WAYS; // way 4 never authenticates, so never opens
      assertThat(server.handler.opened).hasSize(SOCKETS - unauthenticated);
      Eventually.equals("closes the application heard", SOCKETS - unauthenticated, server.handler.closed::size);
    } finally {
      security.setLevel(before);
    }
  }

  /** Opens socket {@code i}: with a token, except those that will time out unauthenticated. */
  private static RawWebSocket open(TestServer server, int i, List<String> addresses) throws IOException {
    String token = "good-u" + (i % SUBJECTS);
    RawHttp.Request request = RawHttp.upgrade(server.path() + (i % WAYS == 4 ? "" : "?token=" + token));
    RawWebSocket ws;
    if (i % WAYS == 6) {
      String local = "127.5." + (i / 250) + "." + (1 + i % 250); // its own address: the block hits nobody else
      addresses.add(local);
      ws = RawWebSocket.openFrom(local, server.port(), request);
    } else {
      ws = RawWebSocket.open(server.port(), request);
    }
    assertThat(ws.handshake().status()).isEqualTo(101);
    return ws;
  }

  /** Ends {@code ws} in the given way; false when the server is left to end it by a timeout. */
  private static boolean end(RawWebSocket ws, int way) throws IOException {
    switch (way) {
      case 0 -> { // a clean close handshake started by the client
        ws.sendClose(1000);
        assertThat(ws.readUntilClose().closeCode()).isEqualTo(1000);
        ws.close();
      }
      case 1 -> ws.abort(); // TCP reset, no close frame
      case 2 -> ws.close(); // TCP FIN, no close frame
      case 3 -> { // the application closes; the client answers
        ws.sendText("close:4000:bye");
        assertThat(ws.readUntilClose().closeCode()).isEqualTo(4000);
        ws.sendClose(4000);
        ws.close();
      }
      case 4, 5 -> {
        return false; // authentication timeout (no token) or heartbeat timeout (never a pong)
      }
      case 6 -> {
        ws.sendText("violate");
        RawWebSocket.Frame close = ws.readUntilClose();
        assertThat(close.closeReason()).isEqualTo("too_many_violations");
        ws.close();
      }
      default -> throw new IllegalArgumentException("no way " + way);
    }
    return true;
  }
}
