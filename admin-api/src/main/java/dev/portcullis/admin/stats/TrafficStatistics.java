package dev.portcullis.admin.stats;

import dev.portcullis.core.port.TrafficMeter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every handshake and message outcome exactly, for {@code /admin/websocket-security} and
 * {@code /metrics} alike: the Prometheus counters read the same adders, so both always agree. Durations go
 * into two fixed-bucket histograms. On the message path a call is a map read, an adder increment and a
 * histogram record: no lock, no allocation, no network. Thread-safe.
 */
public final class TrafficStatistics implements TrafficMeter {

  /** Handshake buckets: a judgement is sub-millisecond unless a policy waits on I/O or delays on purpose. */
  static final Duration[] HANDSHAKE_BUCKETS = durations(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
      0.5, 1, 2.5, 5, 10);
  /** Message buckets: the policies take microseconds. */
  static final Duration[] MESSAGE_BUCKETS = durations(0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005,
      0.0001, 0.00025, 0.0005, 0.001, 0.005, 0.025);

  private final LongAdder admitted = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final CodeCounts handshakeRefusals;
  private final CodeCounts messageRefusals;
  private final Timer handshakeTime;
  private final Timer messageTime;

  public TrafficStatistics(MeterRegistry registry) {
    counter(registry, "portcullis.handshakes", "Handshakes judged, by outcome and refusal reason", admitted,
        "outcome", "admitted", "reason", "none");
    counter(registry, "portcullis.messages", "Whole messages judged, by outcome and refusal code", delivered,
        "outcome", "delivered", "code", "none");
    this.handshakeRefusals = new CodeCounts((code, count) -> counter(registry, "portcullis.handshakes",
        "Handshakes judged, by outcome and refusal reason", count, "outcome", "refused", "reason", code));
    this.messageRefusals = new CodeCounts((code, count) -> counter(registry, "portcullis.messages",
        "Whole messages judged, by outcome and refusal code", count, "outcome", "refused", "code", code));
    this.handshakeTime = Timer.builder("portcullis.handshake.duration")
        .description("Time from the start of a handshake's judgement to its answer, delays included")
        .serviceLevelObjectives(HANDSHAKE_BUCKETS)
        .register(registry);
    this.messageTime = Timer.builder("portcullis.message.duration")
        .description("Time the message policies took on one whole message")
        .serviceLevelObjectives(MESSAGE_BUCKETS)
        .register(registry);
  }

  @Override
  public void handshake(String refusal, long nanos) {
    if (refusal == null) {
      admitted.increment();
    } else {
      handshakeRefusals.increment(refusal);
    }
    handshakeTime.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  @Override
  public void message(String refusal, long nanos) {
    if (refusal == null) {
      delivered.increment();
    } else {
      messageRefusals.increment(refusal);
    }
    messageTime.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** Handshakes admitted so far. */
  public long admitted() {
    return admitted.sum();
  }

  /** Handshake refusals by reason. */
  public Map<String, Long> handshakeRefusals() {
    return handshakeRefusals.snapshot();
  }

  /** Messages delivered to the application so far. */
  public long delivered() {
    return delivered.sum();
  }

  /** Message refusals by code. */
  public Map<String, Long> messageRefusals() {
    return messageRefusals.snapshot();
  }

  private static void counter(MeterRegistry registry, String name, String description, LongAdder count,
      String... tags) {
    FunctionCounter.builder(name, count, LongAdder::sum).description(description).tags(tags).register(registry);
  }

  private static Duration[] durations(double... seconds) {
    Duration[] out = new Duration[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      out[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
    }
    return out;
  }
}
