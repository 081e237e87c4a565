package dev.portcullis.redis;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.portcullis.core.config.NetworkConfig;
import dev.portcullis.core.config.StateConfig;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.HealthCheck;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.ReplayGuard;
import dev.portcullis.core.port.RevocationList;
import java.time.Clock;
import java.util.Objects;

/**
 * Puts a node's shared state on Redis: replaces the core's in-memory {@link RateLimitPort},
 * {@link BlockListPort}, {@link RevocationList} and {@link ConnectionRegistry} (with {@code OptionalBinder.setBinding()}), adds
 * the {@link SharedStatePolicy}, and, only when {@link RedisOptions#sharedReplay()} asks for it, the
 * {@link ReplayGuard} (which would put a Redis round trip on every message). {@link RedisPlugin}
 * installs it when {@code WS_STATE=redis}, with {@link RedisOptions#from(StateConfig)}; a program can
 * install it itself to pass its own options (the endpoint and its TLS authorities always come from the
 * {@link StateConfig}).
 * It reports Redis in {@code /health} and closes the node's {@link RedisState} when the node stops. Immutable.
 */
public final class RedisStateModule extends AbstractModule {

  private final StateConfig config;
  private final RedisOptions options;

  public RedisStateModule(StateConfig config, RedisOptions options) {
    this.config = Objects.requireNonNull(config, "config");
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), RateLimitPort.class).setBinding().to(LettuceRateLimiter.class);
    OptionalBinder.newOptionalBinder(binder(), BlockListPort.class).setBinding().to(LettuceBlockList.class);
    OptionalBinder.newOptionalBinder(binder(), RevocationList.class).setBinding().to(LettuceRevocationList.class);
    OptionalBinder.newOptionalBinder(binder(), ConnectionRegistry.class).setBinding()
        .to(LettuceConnectionRegistry.class);
    OptionalBinder.newOptionalBinder(binder(), dev.portcullis.core.port.Reservations.class).setBinding().to(LettuceReservations.class);
    if (options.sharedReplay()) {
      OptionalBinder.newOptionalBinder(binder(), ReplayGuard.class).setBinding().to(LettuceReplayGuard.class);
    }
    PortcullisModule.connectionPolicies(binder()).addBinding(SharedStatePolicy.ID).to(SharedStatePolicy.class);
    Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(RedisHealth.class);
    PortcullisModule.onStop(binder()).addBinding().to(RedisState.class);
  }

  @Provides @Singleton
  RedisState redisState(Clock clock) {
    RedisEndpoint endpoint = RedisEndpoint.parse(config.redisUrl());
    if (config.redisTlsCaFile() != null) {
      endpoint = endpoint.trusting(config.redisTlsCaFile());
    }
    return RedisState.start(endpoint, options, config.failureMode(), clock);
  }

  @Provides @Singleton
  LettuceRateLimiter rateLimiter(RedisState state) {
    return new LettuceRateLimiter(state);
  }

  @Provides @Singleton
  LettuceBlockList blockList(RedisState state, NetworkConfig network) {
    return new LettuceBlockList(state, network.ipv6PrefixLength());
  }

  @Provides @Singleton
  LettuceRevocationList revocationList(RedisState state) {
    return new LettuceRevocationList(state);
  }

  @Provides @Singleton
  LettuceConnectionRegistry connectionRegistry(RedisState state) {
    return new LettuceConnectionRegistry(state);
  }

  @Provides @Singleton
  LettuceReplayGuard replayGuard(RedisState state) {
    return new LettuceReplayGuard(state);
  }

  @Provides @Singleton
  RedisHealth redisHealth(RedisState state) {
    return new RedisHealth(state);
  }

  @Provides @Singleton
  SharedStatePolicy sharedStatePolicy(RedisState state) {
    return new SharedStatePolicy(state);
  }
}
