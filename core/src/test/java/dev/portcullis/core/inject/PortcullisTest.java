package dev.portcullis.core.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.config.ConfigViolation;
import dev.portcullis.core.config.ConfigurationException;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.StateKind;
import dev.portcullis.core.engine.HandshakePipeline;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.Transport;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.core.testing.TestConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The facade: plugins found by {@link java.util.ServiceLoader}, errors unwrapped, the transport started. */
class PortcullisTest {

  private static final PortcullisConfig CONFIG =
      PortcullisConfig.builder().jwtSecret("0123456789abcdef0123456789abcdef").build();
  private static final MessageHandler ECHO = (session, message) -> session.send(message.text());

  private static TestTransport transportOf(Portcullis node) {
    return (TestTransport) node.injector().getInstance(Transport.class);
  }

  @Test
  void startStartsTheTransportThatAPluginOnTheClassPathContributes() {
    try (Portcullis node = Portcullis.with(CONFIG).handler(ECHO).start()) {
      assertThat(node.injector().getInstance(Transport.class)).isInstanceOf(TestTransport.class);
      assertThat(transportOf(node).started()).isTrue();
      assertThat(node.port()).isEqualTo(TestTransport.PORT);
    }
  }

  @Test
  void buildAssemblesWithoutStarting() {
    Portcullis node = Portcullis.with(CONFIG).handler(ECHO).build();

    assertThat(transportOf(node).started()).isFalse();
    assertThat(node.injector().getInstance(MessageHandler.class)).isSameAs(ECHO);
  }

  @Test
  void closingStopsTheTransportWithTheDefaultGrace() {
    Portcullis node = Portcullis.with(CONFIG).handler(ECHO).start();

    node.close();

    assertThat(transportOf(node).stoppedWithGrace()).isEqualTo(Portcullis.DEFAULT_GRACE);
  }

  @Test
  void stoppingClosesWhatModulesRegisteredAfterTheTransportLastAddedFirstAndOnlyOnce() {
    List<String> closed = new CopyOnWriteArrayList<>();
    Portcullis[] node = new Portcullis[1];
    AbstractModule resources = new AbstractModule() {
      @Override
      protected void configure() {
        PortcullisModule.onStop(binder()).addBinding().toInstance(() -> closed.add(
            "first, transport stopped: " + (transportOf(node[0]).stoppedWithGrace() != null)));
        PortcullisModule.onStop(binder()).addBinding().toInstance(() -> {
          closed.add("second");
          throw new IllegalStateException("a failing close must not stop the others");
        });
      }
    };
    node[0] = Portcullis.with(CONFIG).handler(ECHO).module(resources).start();

    node[0].stop(Duration.ofMillis(10));
    node[0].close();

    assertThat(closed).containsExactly("second", "first, transport stopped: true");
  }

  @Test
  void sharedStateAskedForWithoutTheRedisModuleRefusesToStartInsteadOfCountingPerNode() {
    PortcullisConfig config = CONFIG.toBuilder().state(StateKind.REDIS).build();

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> Portcullis.with(config).handler(ECHO).build());

    assertThat(e).isNotNull();
    assertThat(e.violations()).extracting(ConfigViolation::variable).containsExactly("WS_STATE");
    assertThat(e.getMessage()).contains("portcullis-adapters-redis");
  }

  @Test
  void aDryRunNamingNoPolicySurfacesAsACleanConfigurationException() {
    PortcullisConfig config = CONFIG.toBuilder().dryRun(Set.of("no-such-policy")).build();

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> Portcullis.with(config).handler(ECHO).build());

    assertThat(e).as("a ConfigurationException, not Guice's wrapper").isNotNull();
    assertThat(e.violations()).extracting(ConfigViolation::variable).containsExactly("WS_DRY_RUN");
    assertThat(e.getMessage()).contains("'no-such-policy' is not a policy");
  }

  @Test
  void aDryRunNamingAPolicyOfAnExtraModuleIsAccepted() {
    PortcullisConfig config = CONFIG.toBuilder().dryRun(Set.of("custom")).build();
    AbstractModule custom = new AbstractModule() {
      @Override
      protected void configure() {
        PortcullisModule.connectionPolicies(binder()).addBinding(PolicyId.of("custom")).toInstance(
            new dev.portcullis.core.policy.ConnectionPolicy() {
              @Override public PolicyId id() { return PolicyId.of("custom"); }
              @Override public PolicyKind kind() { return PolicyKind.GUARD; }
              @Override public int order() { return 700; }
              @Override public Verdict evaluate(dev.portcullis.core.policy.HandshakeContext c) { return Verdict.allow(); }
            });
      }
    };

    Portcullis node = Portcullis.with(config).handler(ECHO).module(custom).build();

    assertThat(node.injector().getInstance(HandshakePipeline.class).policies())
        .extracting(p -> p.id().value()).containsExactly("custom");
  }

  @Test
  void aHandlerIsRequired() {
    assertThatThrownBy(() -> Portcullis.with(CONFIG).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("handler");
  }

  @Test
  void aBlockOnTheAssembledNodeClosesThatAddresssOpenConnections() {
    MutableClock clock = MutableClock.aligned();
    Portcullis node = Portcullis.with(CONFIG).handler(ECHO)
        .module(binder -> OptionalBinder.newOptionalBinder(binder, Clock.class).setBinding().toInstance(clock))
        .build();
    TestConnection open = TestConnection.from("c1", "203.0.113.5");
    TestConnection other = TestConnection.from("c2", "198.51.100.7");
    node.injector().getInstance(ConnectionRegistry.class).register(open);
    node.injector().getInstance(ConnectionRegistry.class).register(other);

    node.injector().getInstance(BlockListPort.class).block(
        new Block(open.client().key(), "operator", clock.instant(), clock.instant().plusSeconds(60)));

    assertThat(open.closes()).containsExactly(new TestConnection.Close(1008, "blocked"));
    assertThat(other.closes()).isEmpty();
    assertThat(node.injector().getInstance(BlockListPort.class).find("203.0.113.5")).isPresent();
  }
}
