package dev.portcullis.undertow;

import dev.portcullis.core.config.NetworkConfig;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.ServerConfig;
import dev.portcullis.core.engine.HandshakePipeline;
import dev.portcullis.core.port.Transport;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.protocol.Handshake;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.extensions.ExtensionHandshake;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * Serves the WebSocket endpoint on Undertow: every upgrade request is checked (RFC 6455 version 13
 * only), judged by the connection policies off the IO thread, and only then upgraded; every socket is
 * a guarded session. The extra HTTP routes other modules bind under {@code @HttpRoutes} are served on
 * the same port ({@link RouteTable}, {@link RouteGate}).
 *
 * <p>With {@code WS_TLS_CERT_FILE} and {@code WS_TLS_KEY_FILE} the one listener speaks TLS 1.3 and 1.2
 * only ({@code wss://}, and {@code https://} for the routes), with the pair checked at start-up
 * ({@link TlsIdentity}); otherwise plain {@code ws://} and {@code http://}.
 *
 * <p>Undertow is tuned for a handshake-only HTTP surface: a client has {@code WS_HANDSHAKE_TIMEOUT} to
 * send its whole request and as long to start one (HS-11), at most 100 headers in 32 KiB (HS-10),
 * 64 query parameters, 1 KiB of body (16 KiB for a route), no HTTP/2.
 *
 * <p>One {@link SessionSweep} on the shared timer keeps every socket's deadlines (heartbeat,
 * authentication, token expiry, lifetime, close timeout). {@code permessage-deflate} is offered only
 * under {@code WS_COMPRESSION=true}, through {@link PerMessageDeflate}.
 *
 * <p>Thread-safe. Started once and stopped once.
 */
public final class UndertowTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(UndertowTransport.class);
  static final int MAX_HEADER_BYTES = 32 * 1024;
  static final int MAX_HEADERS = 100;
  private static final int MAX_QUERY_PARAMETERS = 64;
  private static final long MAX_BODY_BYTES = 1024;
  /** How long Undertow may take to stop its XNIO worker once the sockets are gone. */
  private static final int WORKER_SHUTDOWN_MILLIS = 2000;

  private final PortcullisConfig config;
  private final HandshakePipeline pipeline;
  private final SessionServices services;
  private final TransportTuning tuning;
  private final ScheduledExecutorService timer;
  private final Map<String, HttpHandler> routes;
  private final LiveSessions live = new LiveSessions();
  private volatile boolean draining;
  private Undertow server;
  private ExecutorService routeWorkers;
  private ScheduledFuture<?> sweep;
  private boolean stopped;
  private volatile int port = -1;
  private volatile int routesPort = -1;

  UndertowTransport(PortcullisConfig config, HandshakePipeline pipeline, SessionServices services, TransportTuning tuning,
      ScheduledExecutorService timer, Map<String, HttpHandler> routes) {
    this.config = Objects.requireNonNull(config, "config");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.services = Objects.requireNonNull(services, "services");
    this.tuning = Objects.requireNonNull(tuning, "tuning");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.routes = Map.copyOf(routes);
  }

  @Override
  public synchronized void start() {
    if (server != null || stopped) {
      throw new IllegalStateException("The Undertow transport starts once; it was already started");
    }
    ServerConfig settings = config.server();
    RouteTable table = RouteTable.of(routes, settings.path());
    TlsIdentity identity = settings.tls()
        ? TlsIdentity.load(settings.tlsCertFile(), settings.tlsKeyFile(), services.clock())
        : null;
    int handshakeMillis = (int) Math.min(Integer.MAX_VALUE, settings.handshakeTimeout().toMillis());
    ExecutorService workers = RouteWorkers.start();
    RouteGate gate = new RouteGate(resolver(), workers);
    boolean separateRoutes = settings.routesPort() != null;
    HttpHandler endpoint = new NeverThrowing(EndpointRouter.endpointAndRoutes(settings.path(), endpointChain(),
        separateRoutes ? RouteTable.of(Map.of(), settings.path()) : table, gate));
    Undertow.Builder builder = Undertow.builder();
    listen(builder, settings.port(), identity, endpoint);
    if (separateRoutes) {
      listen(builder, settings.routesPort(), identity, new NeverThrowing(EndpointRouter.routesOnly(table, gate)));
    }
    Undertow built;
    try {
      built = builder
          .setIoThreads(tuning.ioThreads())
          // nothing of ours runs there (policies use the handshake workers, routes their own pool); with TLS,
          // the engine's handshake computations do, and two threads bound what a handshake flood can take
          .setWorkerThreads(2)
          .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, handshakeMillis)
          .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, handshakeMillis)
          .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
          .setServerOption(UndertowOptions.MAX_HEADERS, MAX_HEADERS)
          .setServerOption(UndertowOptions.MAX_PARAMETERS, MAX_QUERY_PARAMETERS)
          .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_BODY_BYTES)
          .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
          .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, WORKER_SHUTDOWN_MILLIS)
          .build();
      built.start();
    } catch (RuntimeException e) {
      workers.shutdownNow();
      throw e;
    }
    server = built;
    routeWorkers = workers;
    sweep = new SessionSweep(live, services.nanoTime(), services.clock()).start(timer, tuning.sweepInterval());
    port = ((InetSocketAddress) built.getListenerInfo().get(0).getAddress()).getPort();
    routesPort = separateRoutes ? ((InetSocketAddress) built.getListenerInfo().get(1).getAddress()).getPort() : port;
    LOG.info("Portcullis WebSocket endpoint listening on {}://{}:{}{}", identity == null ? "ws" : "wss",
        settings.host(), port, settings.path());
    if (identity != null) {
      LOG.info("Serving TLS {} with the certificate of {}, valid until {}", TlsIdentity.PROTOCOLS, identity.subject(),
          identity.notAfter());
    }
    if (!routes.isEmpty()) {
      LOG.info("Serving HTTP routes under {} on port {}", routes.keySet().stream().sorted().toList(), routesPort);
    }
  }

  /** One listener on {@code WS_HOST}: plain HTTP, or TLS with the node's identity. */
  private void listen(Undertow.Builder builder, int port, TlsIdentity identity, HttpHandler handler) {
    String host = config.server().host();
    if (identity == null) {
      builder.addHttpListener(port, host, handler);
    } else {
      builder.addHttpsListener(port, host, identity.sslContext(), handler)
          .setSocketOption(Options.SSL_ENABLED_PROTOCOLS, TlsIdentity.PROTOCOLS);
    }
  }

  private ClientAddressResolver resolver() {
    NetworkConfig network = config.network();
    return new ClientAddressResolver(network.trustedProxies(), network.forwardedHeader(), network.ipv6PrefixLength());
  }

  /** The WebSocket endpoint's chain, outermost first; built once. */
  private HttpHandler endpointChain() {
    // Only RFC 6455: Undertow's default set also holds Hybi07, Hybi08 (and the Hixie-76 path) (HS-06).
    // Extensions off unless WS_COMPRESSION: no permessage-deflate, whatever the client offers (COMP-01).
    boolean compression = config.messages().compression();
    // Its channels refuse what Undertow's frame parser lets through (unmasked control frames, negative
    // lengths, RSV1 past a message's first frame, endless fragments) and close with no internal detail.
    Hybi13Handshake hybi13 = new CheckedHybi13Handshake(Set.of(TokenExtractor.SUBPROTOCOL), compression,
        config.messages().maxMessageSize());
    if (compression) {
      ExtensionHandshake deflate = new PerMessageDeflate(config.messages().maxMessageSize());
      hybi13.addExtension(deflate);
    }
    List<Handshake> handshakes = List.of(hybi13);
    HttpHandler upgrade = new WebSocketProtocolHandshakeHandler(handshakes,
        new SessionConnector(services, live, () -> draining),
        exchange -> { // unreachable after UpgradeRequestCheck; kept closed all the same
          Admission admission = exchange.getAttachment(Admission.KEY);
          if (admission != null) {
            admission.leases().releaseAll();
          }
          JsonAnswer.send(exchange, 400, "bad_request");
        });
    HttpHandler guard = new HandshakeGuard(new HandshakeRequestReader(resolver(), services.clock()), pipeline,
        services.workers(), () -> draining, upgrade);
    return new UpgradeRequestCheck(guard);
  }

  /** The port the extra HTTP routes are served on: {@link #port()} unless {@code WS_ADMIN_PORT} is set. */
  @Override
  public int routesPort() {
    if (routesPort < 0) {
      throw new IllegalStateException("The Undertow transport has not been started");
    }
    return routesPort;
  }

  @Override
  public int port() {
    if (port < 0) {
      throw new IllegalStateException("The Undertow transport has not been started");
    }
    return port;
  }

  /** Sockets open right now on this node. */
  public int openSockets() {
    return live.size();
  }

  /**
   * Refuses new upgrades ({@code 503 shutting_down}), closes every socket {@code 1001 shutdown}, waits
   * until they are gone or {@code grace} has passed, closes whatever is left, then stops Undertow and
   * its XNIO worker. Only the first call does anything.
   */
  @Override
  public void stop(Duration grace) {
    Undertow running;
    synchronized (this) {
      if (server == null || stopped) {
        stopped = true;
        return;
      }
      stopped = true;
      running = server;
    }
    draining = true;
    live.snapshot().forEach(session -> session.close(CloseCodes.GOING_AWAY, CloseCodes.SHUTDOWN));
    if (!live.awaitEmpty(grace)) {
      LOG.warn("{} sockets were still open after a grace of {}; closing them", live.size(), grace);
    }
    live.snapshot().forEach(GuardedSession::abort);
    sweep.cancel(false);
    running.stop();
    routeWorkers.shutdownNow(); // their connections are closed: a route still running has no one to answer
    LOG.info("Portcullis WebSocket endpoint on port {} stopped", port);
  }
}
