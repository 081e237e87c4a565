package dev.portcullis.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.core.event.AddressBlocked;
import dev.portcullis.core.event.AddressUnblocked;
import dev.portcullis.core.event.AdminChange;
import dev.portcullis.core.event.HandshakeRefused;
import dev.portcullis.core.event.MessageRefused;
import dev.portcullis.core.testing.Concurrently;
import dev.portcullis.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = MutableClock.ALIGNED_START;
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLW9mLXRoaXMtdG9rZW4";

  @TempDir
  Path dir;

  private final MutableClock clock = MutableClock.aligned();

  @Test
  void recordsAdminChangesBlocksAndLiftsAsChainedLinesThatVerify() throws Exception {
    Path file = dir.resolve("audit.log");
    try (AuditTrail trail = new AuditTrail(file, clock)) {
      trail.accept(new AdminChange(T, "127.0.0.1", "ops-alice", "block", "198.51.100.0/24", "scanner"));
      trail.accept(new AddressBlocked(T.plusSeconds(1), "203.0.113.5", "failed_auth", T.plusSeconds(301), 1));
      trail.accept(new AddressUnblocked(T.plusSeconds(2), "203.0.113.5", "lifted by ops-alice"));
    }

    List<JsonNode> lines = lines(file);
    assertThat(lines).hasSize(3);
    JsonNode change = lines.get(0);
    assertThat(change.get("seq").asLong()).isEqualTo(1);
    assertThat(change.get("time").asText()).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(change.get("event").asText()).isEqualTo("admin_change");
    assertThat(change.get("actor").asText()).isEqualTo("ops-alice");
    assertThat(change.get("address").asText()).isEqualTo("127.0.0.1");
    assertThat(change.get("action").asText()).isEqualTo("block");
    assertThat(change.get("target").asText()).isEqualTo("198.51.100.0/24");
    assertThat(change.get("reason").asText()).isEqualTo("scanner");
    assertThat(change.get("prev").asText()).isEqualTo(AuditLines.GENESIS);
    assertThat(lines.get(1).get("event").asText()).isEqualTo("address_blocked");
    assertThat(lines.get(1).get("until").asText()).isEqualTo("2030-01-01T00:05:01Z");
    assertThat(lines.get(2).get("event").asText()).isEqualTo("address_unblocked");
    assertThat(lines.get(2).get("prev").asText()).isEqualTo(sha256(rawLines(file).get(1)));

    VerifyResult result = AuditVerifier.verify(file);
    assertThat(result.holds()).as(result.summary()).isTrue();
    assertThat(result.lines()).isEqualTo(3);
    assertThat(result.lastHash()).isEqualTo(sha256(rawLines(file).get(2)));
  }

  @Test
  void ignoresEventsThatAreNotAdminActionsBlocksOrLifts() throws Exception {
    Path file = dir.resolve("audit.log");
    try (AuditTrail trail = new AuditTrail(file, clock)) {
      trail.accept(new HandshakeRefused(T, "203.0.113.5", "rate_limited", "connection-rate", null, false));
      trail.accept(new MessageRefused(T, "203.0.113.5", "u", "c1", "duplicate_id", "replay", false));
    }

    assertThat(Files.size(file)).isZero();
    assertThat(AuditVerifier.verify(file).holds()).isTrue();
  }

  @Test
  void aTokenTypedIntoAReasonOrTargetNeverReachesTheFile() throws Exception {
    Path file = dir.resolve("audit.log");
    try (AuditTrail trail = new AuditTrail(file, clock)) {
      trail.accept(new AdminChange(T, "127.0.0.1", "ops", "revoke", TOKEN, "pasted " + TOKEN));
    }

    String content = Files.readString(file);
    assertThat(content).doesNotContain("eyJhbGciOiJIUzI1NiJ9", "c2lnbmF0dXJlLW9mLXRoaXMtdG9rZW4")
        .contains("[redacted-token]");
    assertThat(AuditVerifier.verify(file).holds()).isTrue();
  }

  @Test
  void aNewFileIsReadableAndWritableByItsOwnerOnly() throws Exception {
    Path file = dir.resolve("audit.log");
    new AuditTrail(file, clock).close();

    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void reopeningResumesTheChainInsteadOfRestartingIt() throws Exception {
    Path file = dir.resolve("audit.log");
    try (AuditTrail trail = new AuditTrail(file, clock)) {
      trail.accept(lift(1));
      trail.accept(lift(2));
    }
    try (AuditTrail trail = new AuditTrail(file, clock)) {
      trail.accept(lift(3));
    }

    assertThat(lines(file)).extracting(l -> l.get("seq").asLong()).containsExactly(1L, 2L, 3L);
    assertThat(AuditVerifier.verify(file).holds()).isTrue();
  }

  @Test
  void aTornLastLineLeftByACrashIsCutOffOnReopenRecordedAndTheChainStillHolds() throws Exception {
    Path file = dir.resolve("audit.log");
    try (AuditTrail trail = new AuditTrail(file, clock)) {
      trail.accept(lift(1));
      trail.accept(lift(2));
    }
    String torn = "{\"seq\":3,\"time\":\"2030-01-01T00:00:03Z\",\"event\":\"address_unbl";
    Files.writeString(file, torn, StandardOpenOption.APPEND); // the process died inside a write
    assertThat(AuditVerifier.verify(file).brokenLine()).isEqualTo(3);

    clock.advanceMillis(5000);
    try (AuditTrail trail = new AuditTrail(file, clock)) {
      trail.accept(lift(3));
    }

    List<JsonNode> lines = lines(file);
    assertThat(lines).hasSize(4);
    JsonNode repair = lines.get(2);
    assertThat(repair.get("seq").asLong()).isEqualTo(3);
    assertThat(repair.get("event").asText()).isEqualTo("audit_repaired");
    assertThat(repair.get("reason").asText()).isEqualTo("torn_last_line");
    assertThat(repair.get("removedBytes").asLong()).isEqualTo(torn.length());
    assertThat(repair.get("time").asText()).isEqualTo("2030-01-01T00:00:05Z");
    assertThat(lines.get(3).get("seq").asLong()).isEqualTo(4);
    VerifyResult result = AuditVerifier.verify(file);
    assertThat(result.holds()).as(result.summary()).isTrue();
    assertThat(result.lines()).isEqualTo(4);
  }

  @Test
  void aTornFirstLineIsCutOffAndTheChainStartsFromGenesis() throws Exception {
    Path file = dir.resolve("audit.log");
    Files.writeString(file, "{\"seq\":1,\"ti");

    new AuditTrail(file, clock).close();

    List<JsonNode> lines = lines(file);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("event").asText()).isEqualTo("audit_repaired");
    assertThat(lines.get(0).get("prev").asText()).isEqualTo(AuditLines.GENESIS);
    assertThat(AuditVerifier.verify(file).holds()).isTrue();
  }

  @Test
  void refusesToResumeAFileWhoseLastLineIsNotAnAuditLine() throws Exception {
    Path file = dir.resolve("audit.log");
    Files.writeString(file, "this is not the audit trail\n");

    assertThatThrownBy(() -> new AuditTrail(file, clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("last line is not an audit line");
    assertThat(Files.readString(file)).isEqualTo("this is not the audit trail\n");
  }

  @Test
  void aSecondTrailOnTheSameFileIsRefusedWhileTheFirstIsOpen() throws Exception {
    Path file = dir.resolve("audit.log");
    try (AuditTrail first = new AuditTrail(file, clock)) {
      assertThatThrownBy(() -> new AuditTrail(file, clock))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already open");
      first.accept(lift(1));
    }
    new AuditTrail(file, clock).close(); // released on close
    assertThat(AuditVerifier.verify(file).lines()).isEqualTo(1);
  }

  @Test
  void manyThreadsPublishingAtOnceYieldOneValidChainWithEveryEventOnce() throws Exception {
    Path file = dir.resolve("audit.log");
    int threads = 8;
    int each = 125; // 1000 in all: below the queue's capacity even if the writer never ran meanwhile
    try (AuditTrail trail = new AuditTrail(file, clock)) {
      Concurrently.run(threads, thread -> {
        for (int i = 0; i < each; i++) {
          trail.accept(new AdminChange(T, "127.0.0.1", "actor-" + thread, "kick", "c-" + thread + "-" + i, null));
        }
      });
      trail.close();
      assertThat(trail.dropped()).isZero();
    }

    VerifyResult result = AuditVerifier.verify(file);
    assertThat(result.holds()).as(result.summary()).isTrue();
    assertThat(result.lines()).isEqualTo((long) threads * each);
    Set<String> targets = new HashSet<>();
    for (JsonNode line : lines(file)) {
      assertThat(targets.add(line.get("target").asText())).as("each event once").isTrue();
    }
    assertThat(targets).hasSize(threads * each);
  }

  @Test
  void eventsAfterCloseAreCountedAsDroppedNotLost() throws Exception {
    Path file = dir.resolve("audit.log");
    AuditTrail trail = new AuditTrail(file, clock);
    trail.close();

    trail.accept(lift(1));

    assertThat(trail.dropped()).isEqualTo(1);
    assertThat(Files.size(file)).isZero();
  }

  @Test
  void aLongReasonIsCutSoThatEveryLineStaysReadable() throws Exception {
    Path file = dir.resolve("audit.log");
    try (AuditTrail trail = new AuditTrail(file, clock)) {
      trail.accept(new AdminChange(T, "127.0.0.1", "ops", "block", "203.0.113.5", "x".repeat(100_000)));
    }

    String reason = lines(file).get(0).get("reason").asText();
    assertThat(reason).hasSize(AuditLines.MAX_VALUE_CHARS).endsWith("\u2026");
    assertThat(AuditVerifier.verify(file).holds()).isTrue();
  }

  static AddressUnblocked lift(int n) {
    return new AddressUnblocked(T.plusSeconds(n), "203.0.113." + n, "lifted " + n);
  }

  static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : rawLines(file)) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  static List<String> rawLines(Path file) throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  static String sha256(String line) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
  }
}
