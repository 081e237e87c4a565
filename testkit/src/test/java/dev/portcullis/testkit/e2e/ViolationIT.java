package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Talk.expectClose;
import static dev.portcullis.testkit.e2e.Talk.expectError;
import static dev.portcullis.testkit.e2e.Talk.message;
import static dev.portcullis.testkit.e2e.Talk.next;
import static dev.portcullis.testkit.e2e.Wire.assertBlocked;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawHandshake;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §3 on violations: every refusal adds its weight to the address's score; crossing
 * {@code WS_SUSPICIOUS_THRESHOLD} (20 here) closes the socket {@code 1008 too_many_violations}, blocks
 * the address (so its other sockets close {@code 1008 blocked} and it cannot reconnect), and frees every
 * slot. One message of a honeypot type blocks at once; it is answered like any unknown type.
 */
class ViolationIT {

  static final String SECRET = "violation-it-secret-that-is-long-enough-ok";
  static final Duration LONGEST_FIRST_BLOCK = Duration.ofSeconds(330);

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).suspiciousThreshold(20)
      .honeypotTypes(Set.of("debug_dump")));

  @Test
  void crossingTheThresholdCloses1008TooManyViolationsAndTheBlockClosesTheAddresssOtherSocket() {
    String peer = Peers.next();
    try (RawConnection bystander = Talk.connect(server, peer, "amos");
        RawConnection offender = Talk.connect(server, peer, "amos")) {
      for (int i = 0; i < 3; i++) { // 3 x invalid_format (5 each) = 15: under 20
        offender.sendText("junk " + i);
        expectError(offender, "invalid_format", null);
      }
      offender.sendText("junk 3"); // 20: over the line

      expectClose(offender, 1008, "too_many_violations");
      expectClose(bystander, 1008, "blocked");
    }
    assertBlocked(RawHandshake.to(server.uri()).from(peer).bearer(server.minter().subject("amos").mint()).send(),
        LONGEST_FIRST_BLOCK);
    assertThat(server.injector().getInstance(BlockListPort.class).find(peer))
        .hasValueSatisfying(block -> assertThat(block.reason()).isEqualTo("too_many_violations"));
    assertSlotsFreed(peer, "amos");
  }

  @Test
  void oneHoneypotMessageBlocksTheAddressAtOnceAndClosesItsSockets() {
    String peer = Peers.next();
    try (RawConnection other = Talk.connect(server, peer, "bert"); RawConnection prober = Talk.connect(server, peer, "bert")) {
      prober.sendText(message("probe-1", "debug_dump", null));

      expectError(prober, "type_not_allowed", "probe-1"); // the trap looks like any unknown type
      expectClose(prober, 1008, "blocked");
      expectClose(other, 1008, "blocked");
    }
    assertThat(server.injector().getInstance(BlockListPort.class).find(peer))
        .hasValueSatisfying(block -> assertThat(block.reason()).isEqualTo("honeypot"));
    assertSlotsFreed(peer, "bert");
  }

  @Test
  void refusalsFromOneAddressDoNotCountAgainstAnother() {
    String noisy = Peers.next();
    String quiet = Peers.next();
    try (RawConnection a = Talk.connect(server, noisy, "cleo"); RawConnection b = Talk.connect(server, quiet, "cleo")) {
      for (int i = 0; i < 3; i++) {
        a.sendText("junk " + i);
        expectError(a, "invalid_format", null);
        b.sendText("junk " + i);
        expectError(b, "invalid_format", null);
      }
      String fine = message("fine", "track", null);
      b.sendText(fine);
      assertThat(next(b)).isEqualTo(fine);
    }
  }

  private static void assertSlotsFreed(String peer, String subject) {
    ConnectionRegistry registry = server.injector().getInstance(ConnectionRegistry.class);
    long deadline = System.nanoTime() + Wire.WAIT.toNanos();
    while (registry.leased(LeaseScope.ADDRESS, peer) + registry.leased(LeaseScope.SUBJECT, subject) > 0) {
      assertThat(System.nanoTime()).as("slots of %s and %s freed in time", peer, subject).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
