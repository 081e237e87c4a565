package dev.portcullis.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.RawResponse;
import dev.portcullis.testkit.TestWebSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar as a user runs it ({@code java -jar target/portcullis-quickstart.jar}) in a clean
 * environment: its plugins must be found through the merged {@code META-INF/services}.
 */
class FatJarIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern WSCAT = Pattern.compile("wscat -c \"(ws://[^?\"]+)\\?token=([^\"]+)\"");
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
  private Process process;

  @AfterEach
  void stopProcess() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void theJarStartsFromAnEmptyEnvironmentEchoesWithItsPrintedTokenAndLogsRefusals() throws Exception {
    Path jar = Path.of(System.getProperty("basedir", "."), "target", "portcullis-quickstart.jar");
    assertThat(jar).exists();
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString())
        .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("WS_HOST", "127.0.0.1");
    builder.environment().put("WS_PORT", "0");
    process = builder.start();
    Thread reader = new Thread(this::collectOutput, "quickstart-output");
    reader.setDaemon(true);
    reader.start();

    Matcher wscat = awaitLine(WSCAT);
    URI endpoint = URI.create(wscat.group(1));
    String message = QuickstartIT.envelope("jar-1");
    try (TestWebSocket ws = TestWebSocket.to(URI.create(endpoint + "?token=" + wscat.group(2))).connect()) {
      ws.send(message);
      assertThat(ws.awaitMessage(Duration.ofSeconds(10))).isEqualTo(message);
    }
    RawResponse refused = RawHandshake.to(endpoint).bearer("not-a-jwt").send();
    assertThat(refused.status()).isEqualTo(401);
    assertThat(awaitLine(Pattern.compile("portcullis\\.security.*authentication_failed")).group()).isNotEmpty();

    process.destroy();
    assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("the process ends on SIGTERM").isTrue();
  }

  private void collectOutput() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
        fresh.add(line);
      }
    } catch (IOException e) {
      // the process ended and took its output with it
    }
  }

  /** The first line from now on that matches, waiting at most {@link #WAIT} for it. */
  private Matcher awaitLine(Pattern pattern) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (long left = WAIT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      String line = fresh.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        break;
      }
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return m;
      }
    }
    throw new AssertionError("no line matching " + pattern + " within " + WAIT + "; output:\n"
        + String.join("\n", output));
  }
}
