package dev.portcullis.undertow;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.Transport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A real node on 127.0.0.1, any free port, assembled with Guice as a team would: the core module, the
 * Undertow module, and a test module binding the recording handler, the test AuthPort, the test
 * connection policies (capture, leasing, scripted, authentication) and the test message policies
 * (envelope reading, scripted). Sweeps every 100 ms. Stopped by {@link #close()}.
 */
final class TestServer implements AutoCloseable {

  final RecordingHandler handler = new RecordingHandler();
  final TestAuthPort auth = new TestAuthPort();
  final TestPolicies.Capturing capture = new TestPolicies.Capturing();
  final TestPolicies.Scripted scripted = new TestPolicies.Scripted();
  final TestMessagePolicies.Scripted messageScript = new TestMessagePolicies.Scripted();
  final PortcullisConfig config;
  final Injector injector;
  final UndertowTransport transport;

  private TestServer(PortcullisConfig config, TransportTuning tuning, Clock clock, Module extra) {
    this.config = config;
    this.injector = Guice.createInjector(new PortcullisModule(config), new UndertowModule(tuning), extra,
        new AbstractModule() {
          @Override
          protected void configure() {
            if (clock != null) {
              OptionalBinder.newOptionalBinder(binder(), Clock.class).setBinding().toInstance(clock);
            }
            bind(MessageHandler.class).toInstance(handler);
            bind(AuthPort.class).toInstance(auth);
            MapBinder<PolicyId, ConnectionPolicy> policies = PortcullisModule.connectionPolicies(binder());
            policies.addBinding(capture.id()).toInstance(capture);
            policies.addBinding(scripted.id()).toInstance(scripted);
            policies.addBinding(PolicyId.of("test-leasing")).to(TestPolicies.Leasing.class);
            policies.addBinding(PolicyId.of("test-authentication")).to(TestPolicies.Authenticating.class);
            MapBinder<PolicyId, MessagePolicy<?>> messages = PortcullisModule.messagePolicies(binder());
            messages.addBinding(PolicyId.of("test-envelope")).toInstance(new TestMessagePolicies.Reading());
            messages.addBinding(messageScript.id()).toInstance(messageScript);
          }

          @Provides
          @Singleton
          TestPolicies.Leasing leasing(ConnectionRegistry registry) {
            return new TestPolicies.Leasing(registry);
          }

          @Provides
          @Singleton
          TestPolicies.Authenticating authenticating(AuthPort port, AuthConfig authConfig, ConnectionRegistry registry) {
            return new TestPolicies.Authenticating(port, authConfig, registry, config.connections().maxPerUser());
          }
        });
    this.transport = (UndertowTransport) injector.getInstance(Transport.class);
  }

  /** An HMAC secret for configurations that require authentication (the test AuthPort ignores it). */
  static final String SECRET = "0123456789abcdef0123456789abcdef-test-only";

  /** The defaults for tests: loopback, port 0, no token required, short handshake timeout. */
  static PortcullisConfig.Builder defaults() {
    return PortcullisConfig.builder()
        .host("127.0.0.1")
        .port(0)
        .requireAuth(false)
        .authTimeout(Duration.ZERO)
        .handshakeTimeout(Duration.ofSeconds(2));
  }

  static TestServer start() {
    return start(b -> b);
  }

  /** A 1 s close timeout and a sweep every 100 ms, so that timeouts in tests fire promptly. */
  static TransportTuning tuning() {
    return TransportTuning.defaults().withCloseTimeout(Duration.ofSeconds(1)).withSweepInterval(Duration.ofMillis(100));
  }

  static TestServer start(UnaryOperator<PortcullisConfig.Builder> settings) {
    return start(settings, tuning());
  }

  static TestServer start(UnaryOperator<PortcullisConfig.Builder> settings, TransportTuning tuning) {
    return start(settings, tuning, null);
  }

  /** A server whose clock is {@code clock} (when not null) instead of the system's. */
  static TestServer start(UnaryOperator<PortcullisConfig.Builder> settings, TransportTuning tuning, Clock clock) {
    return start(settings, tuning, clock, binder -> { });
  }

  /** A server assembled with {@code extra} too (extra HTTP routes, say); {@code clock} as above. */
  static TestServer start(UnaryOperator<PortcullisConfig.Builder> settings, TransportTuning tuning, Clock clock,
      Module extra) {
    TestServer server = assemble(settings, tuning, clock, extra);
    server.transport.start();
    return server;
  }

  /** A server assembled but not started, for tests of what {@code start()} refuses. */
  static TestServer assemble(UnaryOperator<PortcullisConfig.Builder> settings, TransportTuning tuning, Clock clock,
      Module extra) {
    return new TestServer(settings.apply(defaults()).build(), tuning, clock, extra);
  }

  /** A server whose clock is {@code clock} instead of the system's. */
  static TestServer startWithClock(Clock clock) {
    return start(b -> b, tuning(), clock);
  }

  int port() {
    return transport.port();
  }

  String path() {
    return config.server().path();
  }

  URI uri() {
    return uri("");
  }

  /** The endpoint's ws:// URI with {@code query} (without '?') appended when not empty. */
  URI uri(String query) {
    return URI.create("ws://127.0.0.1:" + port() + path() + (query.isEmpty() ? "" : "?" + query));
  }

  ConnectionRegistry registry() {
    return injector.getInstance(ConnectionRegistry.class);
  }

  /** Node slots held right now. */
  long totalLeases() {
    return registry().leased(LeaseScope.TOTAL, "");
  }

  long addressLeases(String key) {
    return registry().leased(LeaseScope.ADDRESS, key);
  }

  long subjectLeases(String subject) {
    return registry().leased(LeaseScope.SUBJECT, subject);
  }

  @Override
  public void close() {
    transport.stop(Duration.ofSeconds(2));
  }
}
