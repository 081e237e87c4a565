package dev.portcullis.testkit;

import com.google.inject.Injector;
import com.google.inject.Module;
import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.Secret;
import dev.portcullis.core.inject.Portcullis;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs a real Portcullis node, assembled by the {@link Portcullis} facade
 * with every plugin on the class path, on {@code 127.0.0.1} and a free port.
 *
 * <pre>{@code
 * @RegisterExtension
 * static PortcullisServer server = PortcullisServer.with(config -> config.jwtSecret(SECRET).maxConnectionsPerIp(3));
 * }</pre>
 *
 * <p>Registered on a static field it starts before the class's first test and stops after its last;
 * on an instance field, around each test. It can also be driven by hand ({@link #start()},
 * {@link #close()}). The handler echoes every admitted message unless {@link #handler} says otherwise.
 * Thread-safe to read once started; configure it before.
 */
public final class PortcullisServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback, AutoCloseable {

  /** How long stopping lets open sockets go: tests want to move on. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(1);

  private final Consumer<PortcullisConfig.Builder> settings;
  private final List<Module> modules = new ArrayList<>();
  private MessageHandler handler = new EchoHandler();
  private volatile PortcullisConfig config;
  private volatile Portcullis node;
  private boolean startedForOneTest;

  private PortcullisServer(Consumer<PortcullisConfig.Builder> settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * A server whose configuration starts from the contract's defaults, with host {@code 127.0.0.1} and
   * port 0, then is changed by {@code settings}.
   */
  public static PortcullisServer with(Consumer<PortcullisConfig.Builder> settings) {
    return new PortcullisServer(settings);
  }

  /** The application behind the guard; an {@link EchoHandler} by default. */
  public PortcullisServer handler(MessageHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /** Adds a Guice module (a policy, a sink, a fixed {@link java.time.Clock}). */
  public PortcullisServer module(Module module) {
    modules.add(Objects.requireNonNull(module, "module"));
    return this;
  }

  /** Builds the configuration, assembles the node and starts it; does nothing when already running. */
  public synchronized PortcullisServer start() {
    if (node == null) {
      PortcullisConfig.Builder builder = PortcullisConfig.builder().host("127.0.0.1").port(0);
      settings.accept(builder);
      config = builder.build();
      Portcullis.Builder assembly = Portcullis.with(config).handler(handler);
      modules.forEach(assembly::module);
      node = assembly.start();
    }
    return this;
  }

  /** Stops the node (with a {@link #STOP_GRACE} grace) if it runs. */
  @Override
  public synchronized void close() {
    Portcullis running = node;
    node = null;
    if (running != null) {
      running.stop(STOP_GRACE);
    }
  }

  /** The port the node listens on. */
  public int port() {
    return running().port();
  }

  /** {@code ws://127.0.0.1:<port><path>}. */
  public URI uri() {
    return URI.create("ws://127.0.0.1:" + port() + config.server().path());
  }

  /** {@link #uri()} with {@code ?token=<token>}, the query carrier. */
  public URI uriWithToken(String token) {
    return URI.create(uri() + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
  }

  /** The node's object graph, to reach a port or an in-memory adapter. */
  public Injector injector() {
    return running().injector();
  }

  /** The node itself. */
  public Portcullis node() {
    return running();
  }

  /** The configuration the node runs with. */
  public PortcullisConfig config() {
    running();
    return config;
  }

  /** A {@link TokenMinter} for the node's {@code WS_JWT_SECRET} (and its issuer and audience, if set). */
  public TokenMinter minter() {
    Secret secret = config().auth().jwt().secret();
    if (secret == null) {
      throw new IllegalStateException("this server has no WS_JWT_SECRET: configure jwtSecret(...) to mint for it");
    }
    TokenMinter minter = TokenMinter.hmac(secret.value());
    String issuer = config.auth().jwt().issuer();
    String audience = config.auth().jwt().audience();
    minter = issuer == null ? minter : minter.issuer(issuer);
    return audience == null ? minter : minter.audience(audience);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public synchronized void beforeEach(ExtensionContext context) {
    if (node == null) {
      startedForOneTest = true;
      start();
    }
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) {
    if (startedForOneTest) {
      startedForOneTest = false;
      close();
    }
  }

  private Portcullis running() {
    Portcullis running = node;
    if (running == null) {
      throw new IllegalStateException("the server is not running: register it with @RegisterExtension or call start()");
    }
    return running;
  }
}
