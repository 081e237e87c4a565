package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Talk.error;
import static dev.portcullis.testkit.e2e.Talk.expectError;
import static dev.portcullis.testkit.e2e.Talk.message;
import static dev.portcullis.testkit.e2e.Talk.next;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawConnection;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §1 and §3 on message rates (RL-06): a burst over the connection's bucket is refused
 * {@code rate_limited}; a flood is never answered by a flood (error frames are bounded by the message
 * rate, the rest of the refusals are silent but still counted); binary messages, when allowed, keep the
 * same pace; and under {@code WS_DRY_RUN=message-rate} the excess is delivered and only reported.
 */
class MessageRateIT {

  static final String SECRET = "message-rate-it-secret-that-is-long-enough";
  static final int RATE = 10;

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).maxMessagesPerSecond(RATE)
      .suspiciousThreshold(100_000).allowBinary(true));

  @RegisterExtension
  static final PortcullisServer dryRun = PortcullisServer.with(c -> c.jwtSecret(SECRET).maxMessagesPerSecond(2)
      .allowBinary(true).dryRun(Set.of("message-rate")));

  @Test
  void refusesTheMessageAfterABurstOfTheBucketsSize() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "ann")) {
      for (int i = 0; i < RATE; i++) {
        ws.sendText(message("burst-" + i, "track", null));
      }
      ws.sendText(message("one-too-many", "track", null));
      List<String> answers = new ArrayList<>();
      for (int i = 0; i <= RATE; i++) {
        answers.add(next(ws));
      }
      assertThat(answers.subList(0, RATE)).allMatch(a -> a.contains("\"burst-"));
      assertThat(answers.get(RATE)).isEqualTo(error("rate_limited", null));
    }
  }

  @Test
  void answersAFloodWithNoMoreErrorFramesThanTheMessageRate() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "bea")) {
      long start = System.nanoTime();
      for (int i = 0; i < 500; i++) {
        ws.sendText("flood " + i); // each refused: first by the empty bucket, the rest invalid_format
      }
      int frames = 0;
      try {
        for (;;) {
          RawConnection.Frame frame = ws.readFrame(Duration.ofMillis(500));
          assertThat(frame.text()).startsWith("{\"type\":\"error\"");
          frames++;
        }
      } catch (UncheckedIOException quiet) {
        // nothing more for half a second
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      // Error frames have their own bucket of RATE a second (a burst of RATE): far fewer than 500.
      assertThat(frames).as("error frames for 500 refusals in %.1f s", seconds)
          .isBetween(RATE, (int) Math.ceil(RATE + RATE * seconds));
    }
  }

  @Test
  void holdsBinaryMessagesToTheSamePaceAndEchoesThoseWithinIt() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "cid")) {
      for (int i = 0; i < RATE; i++) {
        ws.sendFrame(true, RawConnection.BINARY, new byte[] {(byte) i});
      }
      ws.sendFrame(true, RawConnection.BINARY, new byte[] {99});
      for (int i = 0; i < RATE; i++) {
        RawConnection.Frame echo = ws.readFrame(Wire.WAIT);
        assertThat(echo.opcode()).isEqualTo(RawConnection.BINARY);
        assertThat(echo.payload()).containsExactly((byte) i);
      }
      expectError(ws, "rate_limited", null);
    }
  }

  @Test
  void aDryRunMessageRateDeliversTheExcessAndReportsIt() {
    String peer = Peers.next();
    try (LogCapture log = LogCapture.of("portcullis.security", Level.INFO);
        RawConnection ws = Talk.connect(dryRun, peer, "dan")) {
      for (int i = 0; i < 6; i++) {
        String text = message("dry-" + i, "track", null);
        ws.sendText(text);
        assertThat(next(ws)).isEqualTo(text);
      }
      for (int i = 0; i < 4; i++) {
        ws.sendFrame(true, RawConnection.BINARY, new byte[] {(byte) i});
        assertThat(ws.readFrame(Wire.WAIT).payload()).containsExactly((byte) i);
      }
      assertThat(log.lines()).filteredOn(line -> line.contains("address=" + peer))
          .filteredOn(line -> line.contains("event=message_would_be_refused"))
          .hasSizeGreaterThanOrEqualTo(5) // 6 text and 4 binary against a burst of 2 in each bucket
          .allSatisfy(line -> assertThat(line).contains("reason=rate_limited").contains("policy=message-rate"));
      assertThat(log.lines()).noneMatch(line -> line.contains(peer) && line.contains("event=message_refused"));
    }
  }
}
