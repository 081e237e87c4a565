package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.engine.HandshakePipeline;
import dev.portcullis.core.inject.Portcullis;
import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.memory.InMemoryConnectionRegistry;
import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.memory.InMemoryReplayGuard;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.HealthCheck;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.ReplayGuard;
import dev.portcullis.testkit.EchoHandler;
import dev.portcullis.testkit.RawHandshake;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The jar on the class path changes nothing by itself: {@link RedisPlugin} puts state on Redis only
 * when {@code WS_STATE=redis}, read from the environment map like every other setting, and then every
 * state port but the replay guard (which stays on the message path's node) is Redis's.
 */
class RedisPluginIT {

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  private static Map<String, String> environment(String state) {
    Map<String, String> env = new HashMap<>();
    env.put("WS_HOST", "127.0.0.1");
    env.put("WS_PORT", "0");
    env.put("WS_JWT_SECRET", Fleet.SECRET);
    env.put("WS_AUTH_TIMEOUT", "0");
    env.put("WS_STATE", state);
    env.put("WS_REDIS_URL", redis.server().uri());
    return env;
  }

  @Test
  void withWsStateMemoryTheNodeKeepsTheInMemoryStateAndBindsNothingOfRedis() {
    Portcullis node = Portcullis.with(PortcullisConfig.fromEnvironment(environment("memory")))
        .handler(new EchoHandler()).build();

    assertThat(node.injector().getInstance(RateLimitPort.class)).isInstanceOf(InMemoryRateLimiter.class);
    assertThat(node.injector().getInstance(BlockListPort.class)).isInstanceOf(InMemoryBlockList.class);
    assertThat(node.injector().getInstance(ConnectionRegistry.class)).isInstanceOf(InMemoryConnectionRegistry.class);
    assertThat(node.injector().getInstance(ReplayGuard.class)).isInstanceOf(InMemoryReplayGuard.class);
    assertThat(node.injector().getExistingBinding(com.google.inject.Key.get(RedisState.class))).isNull();
    assertThat(node.injector().getInstance(HandshakePipeline.class).policies())
        .noneMatch(p -> p.id().equals(SharedStatePolicy.ID));
  }

  @Test
  void withWsStateRedisTheSharedPortsAreRedisAndTheReplayGuardStaysLocal() {
    Portcullis node = Portcullis.with(PortcullisConfig.fromEnvironment(environment("redis")))
        .handler(new EchoHandler()).start();
    RedisState state = node.injector().getInstance(RedisState.class);
    try {
      assertThat(node.injector().getInstance(RateLimitPort.class)).isInstanceOf(LettuceRateLimiter.class);
      assertThat(node.injector().getInstance(BlockListPort.class)).isInstanceOf(LettuceBlockList.class);
      assertThat(node.injector().getInstance(ConnectionRegistry.class)).isInstanceOf(LettuceConnectionRegistry.class);
      assertThat(node.injector().getInstance(ReplayGuard.class)).isInstanceOf(InMemoryReplayGuard.class);
      assertThat(state.options()).isEqualTo(RedisOptions.defaults());
      assertThat(node.injector().getInstance(HandshakePipeline.class).policies())
          .anyMatch(p -> p.id().equals(SharedStatePolicy.ID));

      URI uri = URI.create("ws://127.0.0.1:" + node.port() + "/ws");
      assertThat(RawHandshake.to(uri).from(Peers.next()).bearer(Fleet.MINTER.subject("dora").mint())
          .timeout(Duration.ofSeconds(10)).send().status()).isEqualTo(101);
      assertThat(redis.inspect().keys("portcullis:*")).as("what the handshake counted, in Redis")
          .anyMatch(k -> k.contains(":rate:attempts"));
      assertThat(node.injector().getInstance(Key.get(new TypeLiteral<Set<HealthCheck>>() {})))
          .filteredOn(check -> check.name().equals("redis"))
          .singleElement()
          .satisfies(check -> assertThat(check.check().ready()).isTrue())
          .satisfies(check -> assertThat(check.check().detail()).startsWith("shared state"));
      assertThat(redis.inspect().zscore(state.keys().nodes(), state.nodeId())).isNotNull();
    } finally {
      node.stop(Duration.ofMillis(500));
    }
    assertThat(redis.inspect().zscore(state.keys().nodes(), state.nodeId()))
        .as("stopping the node closed its shared state, which said goodbye").isNull();
  }
}
