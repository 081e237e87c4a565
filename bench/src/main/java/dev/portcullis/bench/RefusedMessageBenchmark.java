package dev.portcullis.bench;

import dev.portcullis.core.engine.MessageOutcome;
import dev.portcullis.core.engine.MessageSession;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one refused message costs, at each policy that can refuse it, through the whole refusal: the
 * pipeline up to the refusing policy, the {@code MessageRefused} event to every sink, the violation
 * score of the address, and the error-frame bucket. Compare with {@link AdmittedMessageBenchmark}: under
 * attack, a refusal should cost less than an admission.
 *
 * <ul>
 *   <li>{@code rateLimited}: a node limited to 1 message/s, burst 1, whose bucket {@code @Setup} empties;
 *       one message a second gets through the rate policy (and is then refused as a duplicate). Its
 *       error frames share that rate, so the outcome is {@code SILENT}.
 *   <li>{@code invalidJson}: the admitted message without its closing brace.
 *   <li>{@code missingField}: no {@code id}.
 *   <li>{@code typeNotAllowed}: type {@code admin_debug}.
 *   <li>{@code staleTimestamp}: a timestamp an hour old.
 *   <li>{@code duplicateId}: one message admitted in {@code @Setup}, then sent again and again.
 *   <li>{@code payloadInvalid}: a {@code track} payload whose {@code room} is blank, breaking
 *       {@link TrackPayload}; it passes replay first, so its ids come from a {@link MessageStream}.
 * </ul>
 *
 * <p>Every refusal is scored against the address, as on a real node, and a score past
 * {@code WS_SUSPICIOUS_THRESHOLD} would block it and close the connection; the node sets that threshold
 * to {@link Integer#MAX_VALUE} so that no run reaches it. (Allow-listing the address instead would skip
 * the rate policy and the scoring, which is part of what is measured.) The security log is silent
 * (slf4j-nop): writing a line per refusal is the appender's cost, and {@link SecurityLogBenchmark}
 * measures rendering it. Each call returns the outcome, so JMH consumes it; {@code BenchmarksTest}
 * checks each refusal's code.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RefusedMessageBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RefusedMessageBenchmark {

  private static final String DUPLICATE_ID = "dup0000000000000";

  BenchNode node;
  MessageSession connection;
  MessageStream invalidPayloads;
  BenchNode throttledNode;
  MessageSession throttled;
  String admitted;
  String invalidJson;
  String missingField;
  String typeNotAllowed;
  String staleTimestamp;

  @Setup(Level.Trial)
  public void startNodes() {
    long now = System.currentTimeMillis();
    node = BenchNode.start(BenchNode.settings().build(), Map.of(BenchNode.TRACK, TrackPayload.class));
    connection = node.connect(0);
    invalidPayloads = new MessageStream(node,
        (id, timestamp) -> Messages.envelope(id, BenchNode.TRACK, timestamp, Messages.BLANK_ROOM), now);
    throttledNode = BenchNode.start(BenchNode.settings().maxMessagesPerSecond(1).messageBurst(1).build(), Map.of());
    throttled = throttledNode.connect(0);
    restamp();
    node.pipeline().judge(connection, admitted, admitted.length()); // from now on its id is a duplicate
    throttledNode.pipeline().judge(throttled, admitted, admitted.length()); // spends the only token
  }

  /** Keeps the timestamps inside the window (and the stale one outside it) however long the run. */
  @Setup(Level.Iteration)
  public void restamp() {
    long now = System.currentTimeMillis();
    admitted = Messages.track(DUPLICATE_ID, now);
    invalidJson = admitted.substring(0, admitted.length() - 1);
    missingField = "{\"type\":\"track\",\"timestamp\":" + now + ",\"payload\":" + Messages.PAYLOAD + "}";
    typeNotAllowed = Messages.envelope(DUPLICATE_ID, "admin_debug", now, Messages.PAYLOAD);
    staleTimestamp = Messages.track(DUPLICATE_ID, now - Duration.ofHours(1).toMillis());
    invalidPayloads.restamp(now);
  }

  @Benchmark
  public MessageOutcome rateLimited() {
    return throttledNode.pipeline().judge(throttled, admitted, admitted.length());
  }

  @Benchmark
  public MessageOutcome invalidJson() {
    return node.pipeline().judge(connection, invalidJson, invalidJson.length());
  }

  @Benchmark
  public MessageOutcome missingField() {
    return node.pipeline().judge(connection, missingField, missingField.length());
  }

  @Benchmark
  public MessageOutcome typeNotAllowed() {
    return node.pipeline().judge(connection, typeNotAllowed, typeNotAllowed.length());
  }

  @Benchmark
  public MessageOutcome staleTimestamp() {
    return node.pipeline().judge(connection, staleTimestamp, staleTimestamp.length());
  }

  @Benchmark
  public MessageOutcome duplicateId() {
    return node.pipeline().judge(connection, admitted, admitted.length());
  }

  @Benchmark
  public MessageOutcome payloadInvalid() {
    String text = invalidPayloads.next();
    return node.pipeline().judge(invalidPayloads.session(), text, text.length());
  }
}
