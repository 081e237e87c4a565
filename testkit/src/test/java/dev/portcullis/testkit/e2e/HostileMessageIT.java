package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Talk.expectError;
import static dev.portcullis.testkit.e2e.Talk.message;
import static dev.portcullis.testkit.e2e.Talk.next;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile JSON and framing against the whole stack (MSG-04, MSG-05, MSG-06, SIZE-01, SIZE-02): each is
 * refused or handled in bounded time, the IO thread stays healthy (the same socket is served right
 * after), and nothing reaches the application that should not.
 */
class HostileMessageIT {

  static final String SECRET = "hostile-message-it-secret-long-enough-for";
  static final Duration QUICK = Duration.ofSeconds(3);

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET).suspiciousThreshold(1000));

  @Test
  void refusesAHundredThousandOpenBracketsAsInvalidFormatAndServesTheNextMessage() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "amy")) {
      ws.sendText("[".repeat(100_000));
      expectError(ws, "invalid_format", null);
      String deepObject = "{\"id\":\"deep\",\"type\":\"track\",\"timestamp\":1,\"payload\":"
          + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + "}";
      ws.sendText(deepObject);
      expectError(ws, "invalid_format", null);
      assertEchoedQuickly(ws, message("after-depth", "track", null));
    }
  }

  @Test
  void handlesANineHundredKilobyteStringInBoundedTime() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "ben")) {
      String big = message("big", "track", "{\"text\":\"" + "x".repeat(900 * 1024) + "\"}");
      long start = System.nanoTime();
      ws.sendText(big);
      assertThat(next(ws)).isEqualTo(big);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICK);
    }
  }

  @Test
  void refusesAMillionDigitNumberAndAnOverflowingExponentWithoutComputingThem() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "cal")) {
      long start = System.nanoTime();
      ws.sendText(message("digits", "track", "{\"n\":" + "9".repeat(1_000_000) + "}"));
      expectError(ws, "invalid_format", null);
      ws.sendText(message("exp", "track", "1e1000000", null));
      expectError(ws, "invalid_format", null);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICK);
      assertEchoedQuickly(ws, message("after-numbers", "track", null));
    }
  }

  @Test
  void refusesDuplicateKeysSoThatNoTwoParsersCanDisagree() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "dot")) {
      ws.sendText("{\"id\":\"dup\",\"type\":\"track\",\"type\":\"admin\",\"timestamp\":" + System.currentTimeMillis() + "}");
      expectError(ws, "invalid_format", null);
    }
  }

  @Test
  void judgesAFragmentedMessageOnceItIsWholeAndEchoesItWhole() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "eli")) {
      byte[] whole = message("frag", "track", "{\"part\":\"" + "y".repeat(3000) + "\"}").getBytes(StandardCharsets.UTF_8);
      ws.sendFrame(false, RawConnection.TEXT, Arrays.copyOfRange(whole, 0, 10));
      ws.sendFrame(false, 0x0, Arrays.copyOfRange(whole, 10, 2000));
      ws.sendFrame(true, 0x0, Arrays.copyOfRange(whole, 2000, whole.length));
      assertThat(next(ws)).isEqualTo(new String(whole, StandardCharsets.UTF_8));
    }
  }

  @Test
  void acceptsAMessageOfExactlyTheSizeLimitAndClosesOneByteOver1009() {
    try (PortcullisServer small = PortcullisServer.with(c -> c.jwtSecret(SECRET).maxMessageSize(4096)).start();
        RawConnection ws = Talk.connect(small, Peers.next(), "fox")) {
      String prefix = message("edge", "track", "{\"pad\":\"");
      String exact = prefix + "z".repeat(4096 - prefix.length() - 3) + "\"}}";
      assertThat(exact.getBytes(StandardCharsets.UTF_8)).hasSize(4096);
      assertEchoedQuickly(ws, exact);
      ws.sendText(exact.replace("\"edge\"", "\"edge2\"").replace("zz\"", "zzz\"") + "");
      Talk.expectClose(ws, 1009, "message_too_big");
    }
  }

  @Test
  void echoesInjectionStringsAsInertText() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "gia")) {
      String payload = "{\"a\":\"<script>alert(1)</script>\",\"b\":\"' OR '1'='1\",\"c\":\"${jndi:ldap://x/a}\","
          + "\"d\":\"#{7*7}\",\"e\":\"line\\r\\nInjected: yes\"}";
      assertEchoedQuickly(ws, message("inert", "track", payload));
    }
  }

  private static void assertEchoedQuickly(RawConnection ws, String text) {
    long start = System.nanoTime();
    ws.sendText(text);
    assertThat(next(ws)).isEqualTo(text);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICK);
  }
}
