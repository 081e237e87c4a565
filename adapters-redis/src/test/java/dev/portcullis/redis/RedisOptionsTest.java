package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.StateConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisOptionsTest {

  @Test
  void theDefaultsBoundEveryCallAndReclaimADeadNodesLeasesWithinFifteenSeconds() {
    RedisOptions d = RedisOptions.defaults();

    assertThat(d.timeLimit()).isBetween(Duration.ofMillis(100), Duration.ofMillis(250));
    assertThat(d.leaseTtl()).isEqualTo(Duration.ofSeconds(15));
    assertThat(d.time()).isEqualTo(RedisOptions.TimeSource.SERVER);
    assertThat(d.sharedReplay()).isFalse();
    assertThat(d.toBuilder().build()).isEqualTo(d);
  }

  @Test
  void aLeaseMustOutliveTwoHeartbeats() {
    assertThatThrownBy(() -> RedisOptions.builder().heartbeat(Duration.ofSeconds(10)).leaseTtl(Duration.ofSeconds(15))
        .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two heartbeats");
  }

  @Test
  void aKeyPrefixCannotHoldBracesOrColons() {
    assertThatThrownBy(() -> RedisOptions.builder().keyPrefix("a{b}").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyPrefix");
    assertThatThrownBy(() -> RedisOptions.builder().keyPrefix("a:b").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theEnvironmentsDefaultsAreTheProductionDefaults() {
    StateConfig state = PortcullisConfig.fromEnvironment(Map.of("WS_JWT_SECRET", "0123456789abcdef0123456789abcdef"))
        .state();

    assertThat(RedisOptions.from(state)).isEqualTo(RedisOptions.defaults());
  }

  @Test
  void eachRedisVariableReachesTheOptionItNames() {
    StateConfig state = PortcullisConfig.fromEnvironment(Map.of(
        "WS_JWT_SECRET", "0123456789abcdef0123456789abcdef",
        "WS_REDIS_TIMEOUT", "50", "WS_REDIS_BREAKER_WAIT", "3000", "WS_REDIS_LEASE_TTL", "6",
        "WS_REDIS_KEY_PREFIX", "fleet-b", "WS_REDIS_REPLAY", "shared")).state();

    RedisOptions options = RedisOptions.from(state);

    assertThat(options.timeLimit()).isEqualTo(Duration.ofMillis(50));
    assertThat(options.slowCall()).isEqualTo(Duration.ofMillis(25));
    assertThat(options.breakerWait()).isEqualTo(Duration.ofSeconds(3));
    assertThat(options.leaseTtl()).isEqualTo(Duration.ofSeconds(6));
    assertThat(options.heartbeat()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.keyPrefix()).isEqualTo("fleet-b");
    assertThat(options.sharedReplay()).isTrue();
  }
}
