package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
}
