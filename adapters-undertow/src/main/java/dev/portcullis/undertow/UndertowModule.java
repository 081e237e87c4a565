package dev.portcullis.undertow;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.engine.DryRun;
import dev.portcullis.core.engine.FailedAuthTracker;
import dev.portcullis.core.engine.HandshakePipeline;
import dev.portcullis.core.engine.MessagePipeline;
import dev.portcullis.core.engine.SecurityEvents;
import dev.portcullis.core.inject.HandshakeWorkers;
import dev.portcullis.core.inject.HttpRoutes;
import dev.portcullis.core.inject.Timer;
import dev.portcullis.core.message.EnvelopeReader;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.RevocationList;
import dev.portcullis.core.port.Transport;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Binds {@link Transport} to the {@link UndertowTransport} singleton. Needs the core's
 * {@code PortcullisModule} and a {@link MessageHandler}; uses an {@link AuthPort} when one is bound
 * (first-message authentication fails closed without one). Declares the {@code @HttpRoutes} map of
 * path prefix to Undertow {@link HttpHandler}, empty unless a module adds a route:
 *
 * <pre>{@code
 * MapBinder.newMapBinder(binder(), String.class, HttpHandler.class, HttpRoutes.class)
 *     .addBinding("/admin").toInstance(adminHandler);
 * }</pre>
 *
 * <p>The transport serves every route on its own port (see {@link RouteGate} for what a route may rely
 * on); Guice refuses a prefix bound twice. Immutable.
 */
public final class UndertowModule extends AbstractModule {

  private final TransportTuning tuning;

  public UndertowModule() {
    this(TransportTuning.defaults());
  }

  public UndertowModule(TransportTuning tuning) {
    this.tuning = Objects.requireNonNull(tuning, "tuning");
  }

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), AuthPort.class);
    MapBinder.newMapBinder(binder(), String.class, HttpHandler.class, HttpRoutes.class);
    bind(Transport.class).to(UndertowTransport.class);
  }

  @Provides
  @Singleton
  UndertowTransport transport(PortcullisConfig config, HandshakePipeline pipeline, MessagePipeline messagePipeline,
      EnvelopeReader envelopes, MessageHandler handler, ConnectionRegistry registry, Optional<AuthPort> auth,
      BlockListPort blocks, RevocationList revocations, FailedAuthTracker failedAuth, SecurityEvents events, DryRun dryRun, Clock clock,
      @Timer ScheduledExecutorService timer, @HandshakeWorkers ExecutorService workers,
      @HttpRoutes Map<String, HttpHandler> routes) {
    SessionServices services = new SessionServices(handler, messagePipeline, envelopes, JsonMapper.builder().build(),
        registry, auth.orElseGet(UnavailableAuth::new), blocks, revocations, failedAuth, events, dryRun, clock,
        System::nanoTime, workers, config.messages(), config.auth(), config.connections(),
        config.blocking().allowlist(), Timeouts.of(config.connections(), config.auth(), tuning.closeTimeout()));
    return new UndertowTransport(config, pipeline, services, tuning, timer, routes);
  }
}
