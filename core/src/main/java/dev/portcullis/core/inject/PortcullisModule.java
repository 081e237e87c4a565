package dev.portcullis.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.config.BlockingConfig;
import dev.portcullis.core.config.ConnectionConfig;
import dev.portcullis.core.config.MessageConfig;
import dev.portcullis.core.config.NetworkConfig;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.ServerConfig;
import dev.portcullis.core.engine.AddressBlocker;
import dev.portcullis.core.engine.BlockEnforcer;
import dev.portcullis.core.engine.DryRun;
import dev.portcullis.core.engine.FailedAuthTracker;
import dev.portcullis.core.engine.HandshakePipeline;
import dev.portcullis.core.engine.MessagePipeline;
import dev.portcullis.core.engine.RevocationEnforcer;
import dev.portcullis.core.engine.SecurityEvents;
import dev.portcullis.core.engine.ViolationScorer;
import dev.portcullis.core.engine.SecurityLog;
import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.memory.InMemoryConnectionRegistry;
import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.memory.InMemoryReplayGuard;
import dev.portcullis.core.memory.InMemoryRevocationList;
import dev.portcullis.core.memory.SequentialReservations;
import dev.portcullis.core.message.EnvelopeReader;
import dev.portcullis.core.message.PayloadSchemas;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.HealthCheck;
import dev.portcullis.core.port.ReplayGuard;
import dev.portcullis.core.port.Reservations;
import dev.portcullis.core.port.RevocationList;
import dev.portcullis.core.port.TrafficMeter;
import dev.portcullis.core.port.ViolationSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The core's Guice module: the configuration, the engine, and in-memory defaults for every state port
 * (set with {@link OptionalBinder#setDefault()}, so an adapter module replaces them with
 * {@code setBinding()} without the core knowing).
 */
public final class PortcullisModule extends AbstractModule {

  private final PortcullisConfig config;

  public PortcullisModule(PortcullisConfig config) {
    this.config = config;
  }

  /** The map plugins bind their connection policies into; a duplicate id fails at start-up. */
  public static MapBinder<PolicyId, ConnectionPolicy> connectionPolicies(Binder binder) {
    return MapBinder.newMapBinder(binder, PolicyId.class, ConnectionPolicy.class);
  }

  /** The map plugins bind their message policies into; a duplicate id fails at start-up. */
  public static MapBinder<PolicyId, MessagePolicy<?>> messagePolicies(Binder binder) {
    return MapBinder.newMapBinder(binder, new TypeLiteral<PolicyId>() {}, new TypeLiteral<MessagePolicy<?>>() {});
  }

  /** The map of payload classes by message type ({@link Portcullis.Builder#payload} fills it). */
  public static MapBinder<String, Class<?>> payloadSchemas(Binder binder) {
    return MapBinder.newMapBinder(binder, new TypeLiteral<String>() {}, new TypeLiteral<Class<?>>() {});
  }

  /** The set plugins bind extra security event sinks into. */
  public static Multibinder<ViolationSink> sinks(Binder binder) {
    return Multibinder.newSetBinder(binder, ViolationSink.class);
  }

  /** Where a module adds what the node must close when it stops (see {@link OnStop}). */
  public static Multibinder<AutoCloseable> onStop(Binder binder) {
    return Multibinder.newSetBinder(binder, AutoCloseable.class, OnStop.class);
  }

  @Override
  protected void configure() {
    bind(PortcullisConfig.class).toInstance(config);
    bind(ServerConfig.class).toInstance(config.server());
    bind(ConnectionConfig.class).toInstance(config.connections());
    bind(MessageConfig.class).toInstance(config.messages());
    bind(AuthConfig.class).toInstance(config.auth());
    bind(BlockingConfig.class).toInstance(config.blocking());
    bind(NetworkConfig.class).toInstance(config.network());
    OptionalBinder.newOptionalBinder(binder(), Clock.class).setDefault().toInstance(Clock.systemUTC());
    OptionalBinder.newOptionalBinder(binder(), RateLimitPort.class).setDefault().to(InMemoryRateLimiter.class);
    OptionalBinder.newOptionalBinder(binder(), BlockListPort.class).setDefault().to(InMemoryBlockList.class);
    OptionalBinder.newOptionalBinder(binder(), ConnectionRegistry.class).setDefault()
        .to(InMemoryConnectionRegistry.class);
    OptionalBinder.newOptionalBinder(binder(), ReplayGuard.class).setDefault().to(InMemoryReplayGuard.class);
    OptionalBinder.newOptionalBinder(binder(), Reservations.class).setDefault().to(SequentialReservations.class);
    OptionalBinder.newOptionalBinder(binder(), RevocationList.class).setDefault().to(InMemoryRevocationList.class);
    OptionalBinder.newOptionalBinder(binder(), TrafficMeter.class).setDefault().toInstance(TrafficMeter.NONE);
    Multibinder.newSetBinder(binder(), HealthCheck.class);
    onStop(binder());
    connectionPolicies(binder());
    messagePolicies(binder());
    payloadSchemas(binder());
    bind(BlockEnforcer.class).asEagerSingleton();
    bind(RevocationEnforcer.class).asEagerSingleton();
    sinks(binder()).addBinding().toInstance(new SecurityLog(config.logFormat()));
  }

  @Provides @Singleton
  InMemoryRateLimiter rateLimiter(Clock clock) {
    return new InMemoryRateLimiter(clock);
  }

  @Provides @Singleton
  InMemoryBlockList blockList(Clock clock) {
    return new InMemoryBlockList(clock, config.network().ipv6PrefixLength(), InMemoryBlockList.Caps.DEFAULTS);
  }

  @Provides @Singleton
  InMemoryRevocationList revocationList(Clock clock) {
    return new InMemoryRevocationList(clock);
  }

  @Provides @Singleton
  InMemoryConnectionRegistry connectionRegistry() {
    return new InMemoryConnectionRegistry();
  }

  @Provides @Singleton
  SequentialReservations reservations(RateLimitPort counters, ConnectionRegistry registry) {
    return new SequentialReservations(counters, registry);
  }

  @Provides @Singleton
  InMemoryReplayGuard replayGuard(Clock clock) {
    return new InMemoryReplayGuard(clock);
  }

  @Provides @Singleton
  SecurityEvents securityEvents(Set<ViolationSink> sinks) {
    return new SecurityEvents(new ArrayList<>(sinks));
  }

  @Provides @Singleton
  AddressBlocker addressBlocker(BlockListPort blocks, RateLimitPort counters, SecurityEvents events, Clock clock,
      @HandshakeWorkers ExecutorService workers) {
    return new AddressBlocker(blocks, counters, config.blocking(), events, clock,
        () -> ThreadLocalRandom.current().nextDouble(), workers);
  }

  @Provides @Singleton
  FailedAuthTracker failedAuthTracker(RateLimitPort counters, AddressBlocker blocker, SecurityEvents events,
      Clock clock) {
    return new FailedAuthTracker(counters, blocker, events, config.blocking(), clock);
  }

  /** Timer for scheduled hand-overs (delays, timeouts); does no work of its own. */
  @Provides @Singleton @Timer
  ScheduledExecutorService timer() {
    return Executors.newSingleThreadScheduledExecutor(daemon("portcullis-timer"));
  }

  /** Runs handshake policies off the IO threads; they may wait on I/O (JWKS, Redis). */
  @Provides @Singleton @HandshakeWorkers
  ExecutorService handshakeWorkers() {
    return Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 4),
        daemon("portcullis-handshake"));
  }

  /** {@code WS_DRY_RUN}, checked against every policy of the node. */
  @Provides @Singleton
  DryRun dryRun(Map<PolicyId, ConnectionPolicy> connection, Map<PolicyId, MessagePolicy<?>> message) {
    List<PolicyId> known = new ArrayList<>(connection.keySet());
    known.addAll(message.keySet());
    return new DryRun(config.blocking().dryRun(), known);
  }

  @Provides @Singleton
  HandshakePipeline pipeline(Map<PolicyId, ConnectionPolicy> policies, DryRun dryRun, Reservations reservations,
      SecurityEvents events, TrafficMeter meter, Clock clock, @Timer ScheduledExecutorService timer,
      @HandshakeWorkers ExecutorService workers) {
    return new HandshakePipeline(new ArrayList<>(policies.values()), config.blocking().allowlist(), dryRun,
        reservations, events, meter, clock, timer, workers);
  }

  @Provides @Singleton
  EnvelopeReader envelopeReader() {
    return new EnvelopeReader(config.messages().maxMessageSize());
  }

  @Provides @Singleton
  PayloadSchemas payloadSchemas(Map<String, Class<?>> schemas) {
    return new PayloadSchemas(schemas);
  }

  @Provides @Singleton
  ViolationScorer violationScorer(AddressBlocker blocker, SecurityEvents events, Clock clock) {
    return new ViolationScorer(blocker, events, config.blocking(), clock);
  }

  @Provides @Singleton
  MessagePipeline messagePipeline(Map<PolicyId, MessagePolicy<?>> policies, DryRun dryRun, ViolationScorer scorer,
      SecurityEvents events, TrafficMeter meter, Clock clock) {
    MessageConfig messages = config.messages();
    return new MessagePipeline(new ArrayList<>(policies.values()), config.blocking().allowlist(), dryRun, scorer,
        events, meter, clock, System::nanoTime, messages.maxPerSecond(), messages.burst());
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
