package dev.portcullis.bench;

import dev.portcullis.core.config.LogFormat;
import dev.portcullis.core.engine.SecurityLog;
import dev.portcullis.core.event.MessageRefused;
import java.time.Instant;
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
 * What rendering the security log line of one refused message costs ({@link SecurityLog#render}, in
 * each {@code WS_LOG_FORMAT}): a node with logging on pays it for every refused message, on top of
 * {@link RefusedMessageBenchmark}'s figures (which run with the log silent) and before the appender
 * writes anything. Each call returns the line, so JMH consumes it.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SecurityLogBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SecurityLogBenchmark {

  @Param({"TEXT", "JSON"})
  LogFormat format;

  SecurityLog log;
  MessageRefused event;

  @Setup(Level.Trial)
  public void setUp() {
    log = new SecurityLog(format);
    event = new MessageRefused(Instant.now(), "203.0.113.5", "user-1", "bench-1", "invalid_format", "envelope", false);
  }

  @Benchmark
  public String messageRefusedLine() {
    return log.render(event);
  }
}
