package dev.portcullis.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tampering with a trail of five real lines: each kind is caught, at the right line, for the right reason. */
class AuditVerifierTest {

  @TempDir
  Path dir;

  private Path file;
  private List<String> lines;

  @BeforeEach
  void writeFiveLines() throws Exception {
    file = dir.resolve("audit.log");
    try (AuditTrail trail = new AuditTrail(file, MutableClock.aligned())) {
      for (int n = 1; n <= 5; n++) {
        trail.accept(AuditTrailTest.lift(n));
      }
    }
    lines = new ArrayList<>(AuditTrailTest.rawLines(file));
    assertThat(lines).hasSize(5);
  }

  @Test
  void anUntouchedTrailHoldsAndSaysSoInOneLine() {
    VerifyResult result = AuditVerifier.verify(file);

    assertThat(result.holds()).isTrue();
    assertThat(result.brokenLine()).isZero();
    assertThat(result.summary()).startsWith("audit trail intact: 5 lines, last hash ").doesNotContain("\n");
  }

  @Test
  void anEmptyTrailHolds() throws Exception {
    Files.writeString(file, "");

    assertThat(AuditVerifier.verify(file).summary()).startsWith("audit trail intact: 0 lines");
  }

  @Test
  void anEditedLineIsNamedByItsHash() throws Exception {
    lines.set(2, lines.get(2).replace("203.0.113.3", "203.0.113.99"));
    write(lines);

    assertBroken(3, "hash mismatch");
  }

  @Test
  void anEditedLineWhoseHashWasRecomputedStillBreaksTheNextLinesPrev() throws Exception {
    String edited = lines.get(2).replace("203.0.113.3", "203.0.113.99");
    String body = edited.substring(0, edited.length() - AuditLines.HASH_SUFFIX_BYTES) + "}";
    String hash = AuditTrailTest.sha256(body);
    lines.set(2, body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}");
    write(lines);

    assertBroken(4, "chain broken");
  }

  @Test
  void aDeletedLineIsASequenceGapAtItsPlace() throws Exception {
    lines.remove(1);
    write(lines);

    assertBroken(2, "sequence gap: expected seq 2, found 3");
  }

  @Test
  void twoSwappedLinesAreCaughtAtTheFirst() throws Exception {
    String third = lines.get(2);
    lines.set(2, lines.get(3));
    lines.set(3, third);
    write(lines);

    assertBroken(3, "expected seq 3, found 4");
  }

  @Test
  void aTrailTruncatedInTheMiddleOfALineIsCaughtAtThatLine() throws Exception {
    byte[] whole = Files.readAllBytes(file);
    int cut = String.join("\n", lines.subList(0, 3)).length() + 1 + lines.get(3).length() / 2;
    Files.write(file, java.util.Arrays.copyOf(whole, cut));

    VerifyResult result = assertBroken(4, "no newline");
    assertThat(result.lines()).isEqualTo(3);
  }

  @Test
  void garbageAppendedAfterTheLastLineIsCaught() throws Exception {
    lines.add("{\"seq\":6,\"event\":\"forged\"}");
    write(lines);

    assertBroken(6, "no prev field");
  }

  @Test
  void aLineThatIsNotJsonIsCaught() throws Exception {
    lines.add(3, "rm -rf /");
    write(lines);

    assertBroken(4, "not a JSON object");
  }

  @Test
  void aRemovedFirstLineBreaksTheChainAtTheStart() throws Exception {
    lines.remove(0);
    write(lines);

    assertBroken(1, "expected seq 1, found 2");
  }

  @Test
  void anOverlongLineIsReportedWithoutBeingBuffered() throws Exception {
    lines.add("x".repeat(AuditLines.MAX_LINE_BYTES + 10));
    write(lines);

    assertBroken(6, "longer than");
  }

  private VerifyResult assertBroken(long line, String why) {
    VerifyResult result = AuditVerifier.verify(file);
    assertThat(result.holds()).isFalse();
    assertThat(result.brokenLine()).as(result.summary()).isEqualTo(line);
    assertThat(result.problem()).contains(why);
    assertThat(result.summary()).startsWith("audit trail broken at line " + line + ": ");
    return result;
  }

  private void write(List<String> content) throws Exception {
    Files.writeString(file, String.join("\n", content) + "\n", StandardCharsets.UTF_8);
  }
}
