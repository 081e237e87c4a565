package dev.portcullis.bench;

import dev.portcullis.core.memory.InMemoryReplayGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The replay policy's store alone: one {@link InMemoryReplayGuard#firstSeen} of an id it has not seen,
 * with the guard already at its bound ({@code maxIds}, by default the node's
 * {@link InMemoryReplayGuard#DEFAULT_MAX_IDS}; filled in {@code @Setup}), so that every check looks
 * through eight full tables and a new table starts every {@code maxIds / 8} ids, as on a node under a
 * flood of new ids. {@code -p maxIds=10000} keeps the whole store in the CPU caches, which separates
 * the store's own work from its memory traffic. The ids are 1,024 pre-built
 * 16-character strings under a new subject each lap; the window is the one the replay policy passes by
 * default (twice {@code WS_REPLAY_WINDOW}). It isolates the largest policy cost of
 * {@link AdmittedMessageBenchmark} besides parsing. Each call
 * returns the answer, so JMH consumes it; {@code BenchmarksTest} checks that it is {@code true}.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ReplayGuardBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ReplayGuardBenchmark {

  private static final Duration WINDOW = Duration.ofSeconds(600);
  private static final int IDS = 1024;

  /** The guard's bound; {@code -p maxIds=10000} shows how much of the cost is memory traffic. */
  @Param({"500000"})
  long maxIds;

  InMemoryReplayGuard guard;
  private final String[] ids = new String[IDS];
  private int next;
  private long lap;
  private String subject;

  @Setup(Level.Trial)
  public void fill() {
    guard = new InMemoryReplayGuard(Clock.systemUTC(), maxIds);
    for (int i = 0; i < IDS; i++) {
      ids[i] = String.format("%016x", i * 0x9E3779B97F4A7C15L);
    }
    subject = "user-0";
    for (long i = 0; i < maxIds; i++) {
      firstSeen();
    }
  }

  @Benchmark
  public boolean firstSeen() {
    if (next == IDS) {
      next = 0;
      subject = "user-" + ++lap;
    }
    return guard.firstSeen(subject, ids[next++], WINDOW);
  }
}
