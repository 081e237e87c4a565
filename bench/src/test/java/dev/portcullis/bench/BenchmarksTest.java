package dev.portcullis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.LogFormat;
import dev.portcullis.core.engine.MessageOutcome;
import dev.portcullis.core.message.Envelope;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark method a few times on a set-up state, without JMH, so that a change to the
 * message path that quietly turns what a benchmark measures into something else (an admitted message
 * refused, a refusal at the wrong policy) fails the build instead of producing a pleasing figure.
 */
class BenchmarksTest {

  @Test
  void theAdmittedBenchmarkMeasuresAdmittedMessagesWithAndWithoutASchema() {
    for (String schema : new String[] {"none", "track"}) {
      AdmittedMessageBenchmark bench = new AdmittedMessageBenchmark();
      bench.schema = schema;
      bench.startNode();
      bench.restamp();

      // more than one lap of the ring: the ids stay new after it wraps
      for (int i = 0; i < MessageRing.SIZE + 10; i++) {
        assertThat(bench.admitted()).as("message %d with schema %s", i, schema).isEqualTo(MessageOutcome.DELIVER);
      }
      Object payload = bench.messages.session().context().payload();
      if (schema.equals("track")) {
        assertThat(payload).isEqualTo(new TrackPayload("r1", "hello world"));
      } else {
        assertThat(payload).isNull();
      }
    }
  }

  @Test
  void eachRefusalBenchmarkIsRefusedByThePolicyItIsNamedAfter() {
    RefusedMessageBenchmark bench = new RefusedMessageBenchmark();
    bench.startNodes();
    bench.restamp();

    assertThat(bench.rateLimited()).isEqualTo(MessageOutcome.ANSWER); // the one error frame of this second
    assertThat(bench.rateLimited()).isEqualTo(MessageOutcome.SILENT);
    assertThat(bench.throttled.refusal()).isEqualTo("rate_limited");
    assertRefused(bench.invalidJson(), bench, "invalid_format");
    assertRefused(bench.missingField(), bench, "missing_field");
    assertRefused(bench.typeNotAllowed(), bench, "type_not_allowed");
    assertRefused(bench.staleTimestamp(), bench, "stale_timestamp");
    assertRefused(bench.duplicateId(), bench, "duplicate_id");
    for (int i = 0; i < MessageRing.SIZE + 10; i++) {
      assertThat(bench.payloadInvalid()).isEqualTo(MessageOutcome.ANSWER);
      assertThat(bench.invalidPayloads.session().refusal()).isEqualTo("payload_invalid");
    }
  }

  @Test
  void theParseBaselinesParseTheAdmittedMessage() throws Exception {
    ParseBaselineBenchmark bench = new ParseBaselineBenchmark();
    bench.setUp();

    assertThat(bench.jacksonReadTree().path("type").asText()).isEqualTo("track");
    Envelope envelope = bench.envelopeReader().envelope();
    assertThat(envelope.type()).isEqualTo("track");
    assertThat(envelope.payload().path("room").asText()).isEqualTo("r1");
  }

  @Test
  void theReplayGuardBenchmarkStoresNewIdsInAFullGuard() {
    ReplayGuardBenchmark bench = new ReplayGuardBenchmark();
    bench.maxIds = 5_000; // small, to keep the build fast; the benchmark fills the node's bound
    bench.fill();

    for (int i = 0; i < 2_000; i++) {
      assertThat(bench.firstSeen()).as("id %d", i).isTrue();
    }
  }

  @Test
  void theSecurityLogBenchmarkRendersTheRefusalInEachFormat() {
    for (LogFormat format : LogFormat.values()) {
      SecurityLogBenchmark bench = new SecurityLogBenchmark();
      bench.format = format;
      bench.setUp();

      assertThat(bench.messageRefusedLine()).contains("message_refused").contains("invalid_format");
    }
  }

  @Test
  void jmhRunsABenchmarkFromTheGeneratedListAndTheCpuProfilerReportsOnIt() throws RunnerException {
    Options quick = new OptionsBuilder()
        .include(ReplayGuardBenchmark.class.getSimpleName())
        .param("maxIds", "1000")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .addProfiler(CpuTimeProfiler.class)
        .verbosity(VerboseMode.SILENT)
        .build();

    RunResult result = new Runner(quick).runSingle();

    assertThat(result.getSecondaryResults().get("cpu.process.norm").getScore()).isPositive();
  }

  private static void assertRefused(MessageOutcome outcome, RefusedMessageBenchmark bench, String code) {
    assertThat(outcome).as(code).isEqualTo(MessageOutcome.ANSWER);
    assertThat(bench.connection.refusal()).isEqualTo(code);
  }
}
