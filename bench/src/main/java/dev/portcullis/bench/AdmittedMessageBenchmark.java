package dev.portcullis.bench;

import dev.portcullis.core.engine.MessageOutcome;
import dev.portcullis.core.engine.MessagePipeline;
import java.util.Map;
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
 * What the message pipeline costs for one admitted small message, the hot path: a 111-byte
 * {@code {"id","type":"track","timestamp","payload":{"room":"r1","text":"hello world"}}} judged by every
 * built-in message policy in order (message rate, envelope parse, honeypot, type allow-list, type rate,
 * timestamp window, replay, payload schema) on a node assembled by Guice with in-memory state. With
 * {@code schema=none} no payload class is registered, so the schema policy only looks the type up; with
 * {@code schema=track} the payload is bound to {@link TrackPayload} and validated.
 *
 * <p>Every message must be new to the replay policy, or it is refused: the messages come from a
 * {@link MessageStream}, a ring of 1,024 texts pre-built in {@code @Setup} with unique ids, sent on a new
 * connection (a new replay scope) each time the ring wraps. Nothing is built per message while
 * measuring; opening that connection costs once per 1,024 messages. The replay store fills to its bound
 * (500,000 ids) within the first second and from then on drops its oldest table every 62,500 new ids, as
 * on a node under a flood of new ids: its worst case. Each call returns the outcome, so JMH consumes it;
 * {@code BenchmarksTest} checks that it is {@code DELIVER}.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar AdmittedMessageBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class AdmittedMessageBenchmark {

  /** {@code none}: no payload class registered; {@code track}: {@link TrackPayload} for type track. */
  @Param({"none", "track"})
  String schema;

  MessagePipeline pipeline;
  MessageStream messages;

  @Setup(Level.Trial)
  public void startNode() {
    Map<String, Class<?>> payloads = schema.equals("track") ? Map.of(BenchNode.TRACK, TrackPayload.class) : Map.of();
    BenchNode node = BenchNode.start(BenchNode.settings().build(), payloads);
    pipeline = node.pipeline();
    messages = new MessageStream(node, Messages::track, System.currentTimeMillis());
  }

  @Setup(Level.Iteration)
  public void restamp() {
    messages.restamp(System.currentTimeMillis());
  }

  @Benchmark
  public MessageOutcome admitted() {
    String text = messages.next();
    return pipeline.judge(messages.session(), text, text.length());
  }
}
