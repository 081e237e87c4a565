package dev.portcullis.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports {@code cpu.process.norm}: the CPU time the whole benchmark JVM spent per operation, every
 * thread counted (the benchmark thread, the garbage collector, the JIT, a cache's background
 * maintenance). It is the figure to set beside a server's CPU per message, and unlike ns/op it does not
 * grow when other processes take the CPU away, only when they slow it down. Not thread-safe; JMH calls
 * it from one thread.
 *
 * <p>Use: {@code java -jar bench/target/benchmarks.jar -prof dev.portcullis.bench.CpuTimeProfiler ...}
 */
public final class CpuTimeProfiler implements InternalProfiler {

  private final OperatingSystemMXBean os =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
  private long cpuAtStart;

  @Override
  public String getDescription() {
    return "CPU time of the whole JVM (all threads) per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    cpuAtStart = os.getProcessCpuTime();
  }

  @Override
  public Collection<ScalarResult> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
      IterationResult result) {
    long cpu = os.getProcessCpuTime() - cpuAtStart;
    long ops = result.getMetadata().getAllOps(); // the operations of the same span, as -prof gc counts them
    return ops == 0 ? List.of()
        : List.of(new ScalarResult("cpu.process.norm", cpu / (double) ops, "ns/op", AggregationPolicy.AVG));
  }
}
