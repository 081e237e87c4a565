package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.redis.RedisEndpoint.Topology;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {

  @Test
  void aPlainUrlIsOneServer() {
    RedisEndpoint e = RedisEndpoint.parse("redis://127.0.0.1:6380/2");

    assertThat(e.topology()).isEqualTo(Topology.STANDALONE);
    assertThat(e.uris()).hasSize(1);
    assertThat(e.uris().get(0).getPort()).isEqualTo(6380);
    assertThat(e.uris().get(0).getDatabase()).isEqualTo(2);
    assertThat(e.tls()).isFalse();
  }

  @Test
  void redissMeansTls() {
    assertThat(RedisEndpoint.parse("rediss://cache.example:6380").tls()).isTrue();
  }

  @Test
  void aListOfSeedsIsACluster() {
    RedisEndpoint e = RedisEndpoint.parse("redis://:s3cret@10.0.0.1:7000,10.0.0.2:7001,10.0.0.3:7002");

    assertThat(e.topology()).isEqualTo(Topology.CLUSTER);
    assertThat(e.uris()).extracting(u -> u.getHost() + ":" + u.getPort())
        .containsExactly("10.0.0.1:7000", "10.0.0.2:7001", "10.0.0.3:7002");
    assertThat(e.uris()).allSatisfy(u -> assertThat(new String(credentials(u).getPassword())).isEqualTo("s3cret"));
  }

  @Test
  void oneSeedWithTheClusterFlagIsACluster() {
    RedisEndpoint e = RedisEndpoint.parse("redis://config.cache.example:6379?cluster=true");

    assertThat(e.topology()).isEqualTo(Topology.CLUSTER);
    assertThat(e.uris()).hasSize(1);
  }

  @Test
  void aSentinelUrlNamesItsMaster() {
    RedisEndpoint e = RedisEndpoint.parse("redis-sentinel://s1:26379,s2:26380/0#mymaster");

    assertThat(e.topology()).isEqualTo(Topology.SENTINEL);
    assertThat(e.uris().get(0).getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(e.uris().get(0).getSentinels()).hasSize(2);
  }

  @Test
  void aPasswordNeverAppearsInTheLoggableFormOrToString() {
    RedisEndpoint e = RedisEndpoint.parse("redis://admin:hunter2-very-secret@cache.example:6379/0");

    assertThat(e.toLoggableString()).isEqualTo("redis://***@cache.example:6379/0").doesNotContain("hunter2");
    assertThat(e.toString()).doesNotContain("hunter2").doesNotContain("admin");
    assertThat(credentials(e.uris().get(0)).getUsername()).isEqualTo("admin");
    assertThat(new String(credentials(e.uris().get(0)).getPassword())).isEqualTo("hunter2-very-secret");
  }

  @Test
  void aBadUrlIsRefusedWithoutEchoingItsPassword() {
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://:hunter2@"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no host")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisEndpoint.parse("memcached://:hunter2@host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://:hunter2@a:1,,b:2"))
        .hasMessageContaining("empty host")
        .hasMessageNotContaining("hunter2");
  }

  private static RedisCredentials credentials(RedisURI uri) {
    return uri.getCredentialsProvider().resolveCredentials().block(Duration.ofSeconds(5));
  }
}
