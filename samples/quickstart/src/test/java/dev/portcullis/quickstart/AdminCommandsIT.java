package dev.portcullis.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.admin.audit.AuditTrail;
import dev.portcullis.core.event.AddressBlocked;
import dev.portcullis.core.event.AdminChange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} and {@code verify} as an operator runs them: the shaded jar in its own process, with a
 * clean environment, judged by exit status and output.
 */
class AdminCommandsIT {

  private static final String SECRET = "doctor-it-hmac-secret-of-more-than-32-bytes";
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir
  Path dir;

  /** What a finished process said. */
  record Run(int status, String out, String err) {}

  @Test
  void verifyExitsZeroWithAOneLineSummaryWhenTheChainHolds() throws Exception {
    Path trail = trailOfThreeLines();

    Run run = jar(Map.of(), "verify", trail.toString());

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.out().strip()).contains("audit trail intact: 3 lines, last hash ").doesNotContain("\n");
  }

  @Test
  void verifyExitsOneNamingTheFirstBrokenLineOfATamperedTrail() throws Exception {
    Path trail = trailOfThreeLines();
    List<String> lines = new ArrayList<>(Files.readAllLines(trail));
    lines.set(1, lines.get(1).replace("203.0.113.5", "203.0.113.6"));
    Files.write(trail, lines);

    Run run = jar(Map.of(), "verify", trail.toString());

    assertThat(run.status()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("broken at line 2: hash mismatch");
  }

  @Test
  void verifyExitsTwoOnUsageErrors() throws Exception {
    Path trail = trailOfThreeLines();

    assertThat(jar(Map.of(), "verify").status()).isEqualTo(2);
    assertThat(jar(Map.of(), "verify", trail.toString(), "extra").status()).isEqualTo(2);
    Run missing = jar(Map.of(), "verify", dir.resolve("no-such.log").toString());
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("is not a file");
  }

  @Test
  void doctorOnAProductionConfigurationExitsZeroAndPrintsEveryPoint() throws Exception {
    Run run = jar(Map.ofEntries(
        Map.entry("WS_JWT_SECRET", SECRET), Map.entry("WS_JWT_ISSUER", "https://auth.example.com"),
        Map.entry("WS_JWT_AUDIENCE", "portcullis"), Map.entry("WS_MAX_CONNECTIONS_PER_IP", "5"),
        Map.entry("WS_MAX_MESSAGES_PER_SECOND", "50"), Map.entry("WS_MAX_FAILED_AUTH", "3"),
        Map.entry("WS_BLOCK_DURATION", "900"), Map.entry("WS_SUSPICIOUS_THRESHOLD", "20"),
        Map.entry("WS_AUDIT_FILE", dir.resolve("a.log").toString()), Map.entry("WS_TRUSTED_PROXIES", "10.0.0.0/8"),
        Map.entry("WS_ADMIN_PORT", "9090")), "doctor");

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.out()).contains("PASS  Authentication required  [WS_REQUIRE_AUTH]")
        .contains("WARN  TLS (wss://)  [WS_TLS_CERT_FILE]", "fine behind one")
        .contains("PASS  Admin on a port of its own  [WS_ADMIN_PORT]")
        .containsPattern("\\d+ pass, 1 warn, 0 fail")
        .doesNotContain(SECRET);
  }

  @Test
  void doctorOnACarelessConfigurationExitsOneAndNamesWhatFails() throws Exception {
    Run run = jar(Map.of("WS_JWT_SECRET", SECRET, "WS_ADMIN_ALLOWED_IPS", "0.0.0.0/0,::/0", "WS_DRY_RUN", "all",
        "WS_ADMIN_TOKEN", "admin", "WS_COMPRESSION", "true"), "doctor");

    assertThat(run.status()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains("FAIL  Admin reachable only from known networks  [WS_ADMIN_ALLOWED_IPS]")
        .contains("FAIL  Policies enforce  [WS_DRY_RUN]", "FAIL  Admin credential  [WS_ADMIN_TOKEN]")
        .contains("WARN  Compression off  [WS_COMPRESSION]")
        .containsPattern("3 fail")
        .doesNotContain(SECRET);
  }

  @Test
  void doctorExitsTwoWithTheConfigurationErrorWhenTheConfigurationCannotStart() throws Exception {
    Run run = jar(Map.of("WS_JWT_SECRET", "too-short", "WS_MAX_QUEUE_SIZE", "lots"), "doctor");

    assertThat(run.status()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("WS_JWT_SECRET", "WS_MAX_QUEUE_SIZE").doesNotContain("too-short");
    assertThat(run.out()).isEmpty();
  }

  private Path trailOfThreeLines() {
    Path file = dir.resolve("audit.log");
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    try (AuditTrail trail = new AuditTrail(file, Clock.systemUTC())) {
      trail.accept(new AdminChange(now, "127.0.0.1", "ops", "block", "198.51.100.7", "scan"));
      trail.accept(new AddressBlocked(now, "203.0.113.5", "failed_auth", now.plusSeconds(300), 1));
      trail.accept(new AdminChange(now, "127.0.0.1", "ops", "lift", "198.51.100.7", null));
    }
    return file;
  }

  /** Runs the shaded jar with only {@code env} in its environment and waits for it to exit. */
  private static Run jar(Map<String, String> env, String... args) throws Exception {
    Path jar = Path.of(System.getProperty("basedir", "."), "target", "portcullis-quickstart.jar");
    assertThat(jar).exists();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the jar did not exit within " + TIMEOUT_SECONDS + " s: " + command);
    }
    return new Run(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  private static String drain(InputStream stream) {
    try (stream) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      stream.transferTo(bytes);
      return bytes.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
