package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.inject.Portcullis;
import dev.portcullis.core.port.RateRule;
import dev.portcullis.core.port.ReplayGuard;
import dev.portcullis.testkit.EchoHandler;
import dev.portcullis.testkit.RawHandshake;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each {@code WS_REDIS_*} variable, read from the environment map like every other setting, changes the
 * behaviour it names on a real node against a real redis-server.
 */
class RedisVariablesIT {

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  private final List<Portcullis> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    if (redis.server().isRunning()) {
      redis.server().resume();
    }
    nodes.forEach(node -> node.stop(Duration.ofMillis(300)));
  }

  private Portcullis node(String... variables) {
    Map<String, String> env = Fleet.environment(redis.server().uri(), redis.prefix(), variables);
    Portcullis node = Portcullis.with(PortcullisConfig.fromEnvironment(env)).handler(new EchoHandler()).start();
    nodes.add(node);
    return node;
  }

  private static RedisState state(Portcullis node) {
    return node.injector().getInstance(RedisState.class);
  }

  private static int attempt(Portcullis node, String peer, String subject) {
    return RawHandshake.to(URI.create("ws://127.0.0.1:" + node.port() + "/ws")).from(peer)
        .bearer(Fleet.MINTER.subject(subject).mint()).timeout(Duration.ofSeconds(10)).send().status();
  }

  /** How long one rate decision takes through {@code node}'s link, in milliseconds. */
  private static long decisionMillis(Portcullis node) {
    long start = System.nanoTime();
    new LettuceRateLimiter(state(node)).tryConsume(new RateRule("attempts", 5, Duration.ofSeconds(60)), "k", 1);
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  @Test
  void wsRedisTimeoutBoundsACallToAPausedServer() {
    redis.expectFailures();
    Portcullis node = node("WS_REDIS_TIMEOUT", "50");
    assertThat(state(node).options().timeLimit()).isEqualTo(Duration.ofMillis(50));
    decisionMillis(node); // scripts loaded, connection warm

    redis.server().pause();
    long waited = decisionMillis(node);

    assertThat(waited).as("waited for the 50 ms limit, not the 200 ms default").isBetween(45L, 150L);
    long start = System.nanoTime();
    assertThat(attempt(node, Peers.next(), "tim")).as("answered from node-local state").isEqualTo(101);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void wsRedisKeyPrefixPutsEveryKeyUnderIt() {
    String prefix = redis.prefix() + "-fleet-b";
    Portcullis node = node("WS_REDIS_KEY_PREFIX", prefix);

    assertThat(attempt(node, Peers.next(), "pia")).isEqualTo(101);

    assertThat(redis.inspect().keys(prefix + ":*")).anyMatch(k -> k.startsWith(prefix + ":{"))
        .anyMatch(k -> k.endsWith(":rate:attempts")).anyMatch(k -> k.endsWith(":{nodes}:live"));
    assertThat(redis.inspect().keys("portcullis:*")).isEmpty();
  }

  @Test
  void wsRedisReplaySharedRefusesAnIdSeenThroughAnotherNode() {
    ReplayGuard a = node("WS_REDIS_REPLAY", "shared").injector().getInstance(ReplayGuard.class);
    ReplayGuard b = node("WS_REDIS_REPLAY", "shared").injector().getInstance(ReplayGuard.class);

    assertThat(a).isInstanceOf(LettuceReplayGuard.class);
    assertThat(a.firstSeen("rhea", "m-1", Duration.ofMinutes(5))).isTrue();
    assertThat(b.firstSeen("rhea", "m-1", Duration.ofMinutes(5))).as("the same id through the other node").isFalse();
    assertThat(b.firstSeen("rhea", "m-2", Duration.ofMinutes(5))).isTrue();
  }

  @Test
  void byDefaultReplayIdsStayOnTheirNode() {
    ReplayGuard a = node().injector().getInstance(ReplayGuard.class);
    ReplayGuard b = node().injector().getInstance(ReplayGuard.class);

    assertThat(a.firstSeen("rhea", "m-1", Duration.ofMinutes(5))).isTrue();
    assertThat(b.firstSeen("rhea", "m-1", Duration.ofMinutes(5))).as("another node never asked Redis").isTrue();
  }

  @Test
  void wsRedisLeaseTtlBoundsHowLongADeadNodesSlotsCount() {
    Portcullis a = node("WS_REDIS_LEASE_TTL", "3", "WS_MAX_CONNECTIONS_PER_USER", "1");
    Portcullis b = node("WS_REDIS_LEASE_TTL", "3", "WS_MAX_CONNECTIONS_PER_USER", "1");
    assertThat(state(a).options().heartbeat()).isEqualTo(Duration.ofSeconds(1));
    var held = RawHandshake.to(URI.create("ws://127.0.0.1:" + a.port() + "/ws")).from(Peers.next())
        .bearer(Fleet.MINTER.subject("lea").mint()).timeout(Duration.ofSeconds(10)).open();
    try {
      assertThat(held.response().status()).isEqualTo(101);

      long crashed = System.nanoTime();
      state(a).crash();
      assertThat(attempt(b, Peers.next(), "lea")).as("the dead node's slot still counts").isEqualTo(429);
      Eventually.within(Duration.ofSeconds(6), () -> assertThat(attempt(b, Peers.next(), "lea")).isEqualTo(101));

      assertThat(Duration.ofNanos(System.nanoTime() - crashed)).as("within the 3 s TTL and a second")
          .isLessThan(Duration.ofSeconds(4));
    } finally {
      held.abort();
    }
  }

  @Test
  void wsRedisBreakerWaitKeepsAnUnreachableServerUnaskedThatLong() {
    redis.expectFailures();
    Portcullis node = node("WS_REDIS_TIMEOUT", "50", "WS_REDIS_BREAKER_WAIT", "2000");
    decisionMillis(node);

    redis.server().pause();
    decisionMillis(node); // times out: the breaker opens
    long opened = System.nanoTime();
    redis.server().resume();
    assertThat(state(node).degraded()).isTrue();

    Eventually.within(Duration.ofSeconds(5), () -> {
      decisionMillis(node);
      assertThat(state(node).shared()).isTrue();
    });
    assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("not asked again before the 2 s wait")
        .isBetween(Duration.ofMillis(1900), Duration.ofMillis(3500));
  }
}
