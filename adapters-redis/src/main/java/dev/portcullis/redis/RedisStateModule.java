package dev.portcullis.redis;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.portcullis.core.config.StateConfig;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.ReplayGuard;
import java.time.Clock;
import java.util.Objects;

/**
 * Puts a node's shared state on Redis: replaces the core's in-memory {@link RateLimitPort},
 * {@link BlockListPort} and {@link ConnectionRegistry} (with {@code OptionalBinder.setBinding()}), adds
 * the {@link SharedStatePolicy}, and, only when {@link RedisOptions#sharedReplay()} asks for it, the
 * {@link ReplayGuard} (which would put a Redis round trip on every message). {@link RedisPlugin}
 * installs it when {@code WS_STATE=redis}; a program can install it itself to pass its own options.
 * Close the node's {@link RedisState} after stopping the node. Immutable.
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
    OptionalBinder.newOptionalBinder(binder(), ConnectionRegistry.class).setBinding()
        .to(LettuceConnectionRegistry.class);
    if (options.sharedReplay()) {
      OptionalBinder.newOptionalBinder(binder(), ReplayGuard.class).setBinding().to(LettuceReplayGuard.class);
    }
    PortcullisModule.connectionPolicies(binder()).addBinding(SharedStatePolicy.ID).to(SharedStatePolicy.class);
  }

  @Provides @Singleton
  RedisState redisState(Clock clock) {
    return RedisState.start(RedisEndpoint.parse(config.redisUrl()), options, config.failureMode(), clock);
  }

  @Provides @Singleton
  LettuceRateLimiter rateLimiter(RedisState state) {
    return new LettuceRateLimiter(state);
  }

  @Provides @Singleton
  LettuceBlockList blockList(RedisState state) {
    return new LettuceBlockList(state);
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
  SharedStatePolicy sharedStatePolicy(RedisState state) {
    return new SharedStatePolicy(state);
  }
}
