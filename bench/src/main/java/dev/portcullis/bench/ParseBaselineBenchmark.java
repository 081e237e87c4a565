package dev.portcullis.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.core.message.EnvelopeReader;
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
 * The JSON parsing alone, over the very messages {@link AdmittedMessageBenchmark} judges (the same ring
 * of 1,024 pre-built 111-byte texts): {@code jacksonReadTree} is a plain {@link ObjectMapper#readTree},
 * what an application without Portcullis would do at least; {@code envelopeReader} is
 * {@link EnvelopeReader#read}, the envelope policy's parse with its stream limits and duplicate-key
 * detection. The admitted message's cost minus {@code envelopeReader} is what the policies cost besides
 * parsing. Each call returns its result, so JMH consumes it.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ParseBaselineBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ParseBaselineBenchmark {

  final ObjectMapper mapper = new ObjectMapper();
  EnvelopeReader reader;
  MessageRing messages;

  @Setup(Level.Trial)
  public void setUp() {
    reader = BenchNode.start(BenchNode.settings().build(), Map.of()).envelopes();
    messages = new MessageRing(Messages::track, System.currentTimeMillis());
  }

  @Benchmark
  public JsonNode jacksonReadTree() throws JsonProcessingException {
    return mapper.readTree(messages.next());
  }

  @Benchmark
  public EnvelopeReader.Result envelopeReader() {
    return reader.read(messages.next());
  }
}
