package dev.portcullis.admin;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.portcullis.admin.audit.AuditTrail;
import dev.portcullis.admin.http.AdminAccess;
import dev.portcullis.admin.http.AdminLockout;
import dev.portcullis.admin.http.AdminSurface;
import dev.portcullis.admin.http.JsonBodies;
import dev.portcullis.admin.routes.AdminRoutes;
import dev.portcullis.admin.routes.BlockRoutes;
import dev.portcullis.admin.routes.ChecklistRoute;
import dev.portcullis.admin.routes.ConnectionRoutes;
import dev.portcullis.admin.routes.DashboardRoute;
import dev.portcullis.admin.routes.EventRoutes;
import dev.portcullis.admin.routes.HealthRoute;
import dev.portcullis.admin.routes.MetricsRoute;
import dev.portcullis.admin.routes.RevocationRoutes;
import dev.portcullis.admin.routes.StatisticsRoute;
import dev.portcullis.admin.stats.AdminMetrics;
import dev.portcullis.admin.stats.EventRing;
import dev.portcullis.admin.stats.SecurityStatistics;
import dev.portcullis.admin.stats.TrafficStatistics;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.engine.AddressBlocker;
import dev.portcullis.core.engine.FailedAuthTracker;
import dev.portcullis.core.engine.SecurityEvents;
import dev.portcullis.core.inject.HandshakeWorkers;
import dev.portcullis.core.inject.HttpRoutes;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.HealthCheck;
import dev.portcullis.core.port.RevocationList;
import dev.portcullis.core.port.TrafficMeter;
import dev.portcullis.core.port.ViolationSink;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The admin surface's Guice module: mounts {@link AdminSurface} on {@code /admin}, {@code /health} and
 * {@code /metrics} through the transport's {@link HttpRoutes}; replaces the core's silent
 * {@link TrafficMeter} with {@link TrafficStatistics}; adds the event ring and the security statistics as
 * sinks, and the audit trail when {@code WS_AUDIT_FILE} is set. Immutable.
 */
public final class AdminModule extends AbstractModule {

  /** The path prefixes the transport hands to the admin surface. */
  public static final List<String> PREFIXES = List.of("/admin", "/health", "/metrics");

  private final PortcullisConfig config;

  public AdminModule(PortcullisConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), AuthPort.class);
    OptionalBinder.newOptionalBinder(binder(), TrafficMeter.class).setBinding().to(TrafficStatistics.class);
    Multibinder<ViolationSink> sinks = PortcullisModule.sinks(binder());
    sinks.addBinding().to(EventRing.class);
    sinks.addBinding().to(SecurityStatistics.class);
    bind(EventRing.class).in(Singleton.class);
    bind(SecurityStatistics.class).in(Singleton.class);
    Path auditFile = config.admin().auditFile();
    if (auditFile != null) {
      install(new AuditModule(auditFile));
    }
    MapBinder<String, HttpHandler> routes =
        MapBinder.newMapBinder(binder(), String.class, HttpHandler.class, HttpRoutes.class);
    for (String prefix : PREFIXES) {
      routes.addBinding(prefix).to(AdminSurface.class);
    }
    PortcullisModule.onStop(binder()).addBinding().to(JvmGcMetrics.class);
  }

  @Provides @Singleton
  PrometheusMeterRegistry meterRegistry(ConnectionRegistry connections, BlockListPort blocks,
      SecurityStatistics security, @HandshakeWorkers ExecutorService workers) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AdminMetrics.bind(registry, connections, blocks, security, workers);
    return registry;
  }

  /** Garbage collection metrics listen to the JVM until closed, so they are closed with the node. */
  @Provides @Singleton
  JvmGcMetrics gcMetrics(PrometheusMeterRegistry registry) {
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return gc;
  }

  @Provides @Singleton
  TrafficStatistics trafficStatistics(PrometheusMeterRegistry registry) {
    return new TrafficStatistics(registry);
  }

  @Provides @Singleton
  AdminSurface surface(ConnectionRegistry connections, BlockListPort blocks, RevocationList revocations,
      TrafficStatistics traffic, SecurityStatistics security, EventRing events, SecurityEvents securityEvents,
      Set<HealthCheck> checks, PrometheusMeterRegistry registry, Optional<AuthPort> auth, FailedAuthTracker failedAuth,
      AddressBlocker blocker, Clock clock) {
    int ipv6 = config.network().ipv6PrefixLength();
    JsonBodies json = new JsonBodies();
    var router = AdminRoutes.router(
        new StatisticsRoute(connections, blocks, traffic, security, ipv6, clock),
        new BlockRoutes(blocks, blocker, securityEvents, config.network().trustedProxies(), config.blocking().blockDuration(),
            ipv6, clock),
        new RevocationRoutes(revocations, securityEvents, clock),
        new ConnectionRoutes(connections, securityEvents, ipv6, clock),
        new EventRoutes(events, json.mapper(), ipv6),
        new ChecklistRoute(config),
        new HealthRoute(new ArrayList<>(checks), config.admin().allowedAddresses()),
        new MetricsRoute(registry),
        new DashboardRoute());
    return new AdminSurface(router, new AdminAccess(config.admin(), auth, revocations, failedAuth,
        new AdminLockout(config.blocking().maxFailedAuth(), config.blocking().failedAuthWindow(), clock)),
        config.admin().allowedAddresses(), blocks, config.network().allowedOrigins(), ipv6, json, clock);
  }

  /** Writes every security event to the hash-chained audit file. */
  private static final class AuditModule extends AbstractModule {
    private final Path file;

    AuditModule(Path file) {
      this.file = file;
    }

    @Override
    protected void configure() {
      PortcullisModule.sinks(binder()).addBinding().to(AuditTrail.class);
      PortcullisModule.onStop(binder()).addBinding().to(AuditTrail.class); // writes what is still queued
    }

    @Provides @Singleton
    AuditTrail auditTrail(Clock clock) {
      return new AuditTrail(file, clock);
    }
  }
}
