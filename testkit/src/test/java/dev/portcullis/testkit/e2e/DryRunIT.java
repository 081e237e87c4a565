package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertBadToken;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §1 {@code WS_DRY_RUN}: a policy named there admits what it would refuse and only reports it
 * on {@code portcullis.security}; the other policies keep enforcing.
 */
class DryRunIT {

  static final String SECRET = "dry-run-it-secret-that-is-long-enough-for!";

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).maxConnectionsPerIp(1)
      .dryRun(Set.of("connection-rate")));

  @Test
  void aDryRunRateLimitAdmitsTheExcessAndLogsWhatItWouldHaveRefused() {
    String peer = Peers.next();
    try (LogCapture log = LogCapture.of("portcullis.security", Level.INFO)) {
      for (int i = 0; i < 3; i++) {
        Wire.assertUpgrades(RawHandshake.to(server.uri()).from(peer).bearer(token()));
      }

      assertThat(log.lines()).filteredOn(line -> line.contains(peer))
          .filteredOn(line -> line.contains("connection_would_be_refused"))
          .hasSize(2)
          .allSatisfy(line -> assertThat(line).contains("reason=rate_limited").contains("policy=connection-rate"));
      assertThat(log.lines()).noneMatch(line -> line.contains(peer) && line.contains("event=connection_refused"));
    }
  }

  @Test
  void policiesNotInDryRunKeepRefusing() {
    assertBadToken(RawHandshake.to(server.uri()).from(Peers.next()).bearer("not-a-jwt").send());
  }

  private static String token() {
    return server.minter().subject("abe-" + UUID.randomUUID()).mint();
  }
}
