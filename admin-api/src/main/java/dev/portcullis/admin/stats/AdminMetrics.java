package dev.portcullis.admin.stats;

import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.OpenConnection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Registers the gauges read at scrape time (open connections, active blocks, queued outbound messages,
 * the handshake workers' backlog), the failed-authentication counter and the JVM basics. Nothing here runs
 * on the message path: each gauge asks its port when Prometheus scrapes. Stateless after construction.
 */
public final class AdminMetrics {

  private AdminMetrics() {}

  /** Binds everything to {@code registry}. */
  public static void bind(MeterRegistry registry, ConnectionRegistry connections, BlockListPort blocks,
      SecurityStatistics security, ExecutorService handshakeWorkers) {
    Gauge.builder("portcullis.connections.open", connections, c -> c.connections().size())
        .description("WebSocket connections open now")
        .register(registry);
    Gauge.builder("portcullis.blocks.active", blocks, b -> b.list().size())
        .description("Blocks in force now: addresses, ranges and subjects")
        .register(registry);
    Gauge.builder("portcullis.outbound.queued", connections, AdminMetrics::queued)
        .description("Outbound messages waiting, summed over every open connection")
        .register(registry);
    if (handshakeWorkers instanceof ThreadPoolExecutor pool) {
      Gauge.builder("portcullis.handshake.queue", pool, p -> p.getQueue().size())
          .description("Handshakes waiting for a worker thread")
          .register(registry);
    }
    FunctionCounter.builder("portcullis.failed.authentications", security,
            SecurityStatistics::failedAuthentications)
        .description("Failed authentications: handshakes, first messages and admin requests")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  private static double queued(ConnectionRegistry connections) {
    long total = 0;
    for (OpenConnection connection : connections.connections()) {
      total += connection.queued();
    }
    return total;
  }
}
