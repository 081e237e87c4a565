package dev.portcullis.core.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import dev.portcullis.core.config.BlockingConfig;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.engine.AddressBlocker;
import dev.portcullis.core.engine.HandshakePipeline;
import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.memory.InMemoryConnectionRegistry;
import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.memory.InMemoryReplayGuard;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.RateDecision;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.RateRule;
import dev.portcullis.core.port.ReplayGuard;
import dev.portcullis.core.testing.Addresses;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PortcullisModuleTest {

  private static final PortcullisConfig CONFIG =
      PortcullisConfig.builder().jwtSecret("0123456789abcdef0123456789abcdef").build();

  private static Injector assemble(Module... more) {
    List<Module> modules = new java.util.ArrayList<>(List.of(new PortcullisModule(CONFIG), new TestAdapters()));
    modules.addAll(List.of(more));
    return Guice.createInjector(modules);
  }

  /** A policy with a chosen id and order that allows everything. */
  private record NamedPolicy(PolicyId id, int order) implements ConnectionPolicy {
    @Override
    public PolicyKind kind() {
      return PolicyKind.GUARD;
    }

    @Override
    public Verdict evaluate(HandshakeContext context) {
      return Verdict.allow();
    }
  }

  /** A rate limiter that remembers what it was asked. */
  private static final class RecordingRateLimiter implements RateLimitPort {
    final List<String> asked = new CopyOnWriteArrayList<>();

    @Override
    public RateDecision tryConsume(RateRule rule, String key, long units) {
      asked.add(rule.name() + ":" + key);
      return new RateDecision(true, rule.limit(), rule.limit() - 1, Duration.ZERO, rule.window());
    }

    @Override
    public void reset(RateRule rule, String key) {}
  }

  @Test
  void assemblesWithATransportAndAnAuthPortFromAnotherModule() {
    Injector injector = assemble();

    assertThat(injector.getInstance(HandshakePipeline.class).policies()).isEmpty();
    assertThat(injector.getInstance(PortcullisConfig.class)).isSameAs(CONFIG);
    assertThat(injector.getInstance(BlockingConfig.class)).isSameAs(CONFIG.blocking());
    assertThat(injector.getInstance(Clock.class)).isEqualTo(Clock.systemUTC());
  }

  @Test
  void bindsTheInMemoryStateAdaptersAsSingletonsByDefault() {
    Injector injector = assemble();

    assertThat(injector.getInstance(RateLimitPort.class)).isInstanceOf(InMemoryRateLimiter.class)
        .isSameAs(injector.getInstance(RateLimitPort.class));
    assertThat(injector.getInstance(BlockListPort.class)).isInstanceOf(InMemoryBlockList.class)
        .isSameAs(injector.getInstance(BlockListPort.class));
    assertThat(injector.getInstance(ConnectionRegistry.class)).isInstanceOf(InMemoryConnectionRegistry.class)
        .isSameAs(injector.getInstance(ConnectionRegistry.class));
    assertThat(injector.getInstance(ReplayGuard.class)).isInstanceOf(InMemoryReplayGuard.class)
        .isSameAs(injector.getInstance(ReplayGuard.class));
  }

  @Test
  void aPluginReplacesTheRateLimitPortWithSetBindingAndTheEngineUsesIt() {
    RecordingRateLimiter replacement = new RecordingRateLimiter();
    Module plugin = new AbstractModule() {
      @Override
      protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), RateLimitPort.class).setBinding().toInstance(replacement);
      }
    };

    Injector injector = assemble(plugin);
    injector.getInstance(AddressBlocker.class).blockAutomatically(Addresses.client("203.0.113.5"), "flood");

    assertThat(injector.getInstance(RateLimitPort.class)).isSameAs(replacement);
    assertThat(replacement.asked).containsExactly("offences:203.0.113.5");
  }

  @Test
  void pluginPoliciesJoinThePipelineInTheirOrder() {
    Module plugin = new AbstractModule() {
      @Override
      protected void configure() {
        PortcullisModule.connectionPolicies(binder()).addBinding(PolicyId.of("late"))
            .toInstance(new NamedPolicy(PolicyId.of("late"), 900));
        PortcullisModule.connectionPolicies(binder()).addBinding(PolicyId.of("early"))
            .toInstance(new NamedPolicy(PolicyId.of("early"), 50));
      }
    };

    List<ConnectionPolicy> policies = assemble(plugin).getInstance(HandshakePipeline.class).policies();

    assertThat(policies).extracting(p -> p.id().value()).containsExactly("early", "late");
  }

  @Test
  void twoPoliciesWithTheSameIdFailAtStartUp() {
    Module first = new AbstractModule() {
      @Override
      protected void configure() {
        PortcullisModule.connectionPolicies(binder()).addBinding(PolicyId.of("origin"))
            .toInstance(new NamedPolicy(PolicyId.of("origin"), 200));
      }
    };
    Module second = new AbstractModule() {
      @Override
      protected void configure() {
        PortcullisModule.connectionPolicies(binder()).addBinding(PolicyId.of("origin"))
            .toInstance(new NamedPolicy(PolicyId.of("origin"), 250));
      }
    };

    CreationException e = catchThrowableOfType(CreationException.class, () -> assemble(first, second));

    assertThat(e).as("no failure at start-up").isNotNull();
    assertThat(e.getMessage()).contains("origin").containsIgnoringCase("duplicate");
  }
}
