package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.ConnectionConfig;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.memory.InMemoryConnectionRegistry;
import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.memory.SequentialReservations;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionLimitPoliciesTest {

  private final MutableClock clock = MutableClock.aligned();
  private final InMemoryRateLimiter counters = new InMemoryRateLimiter(clock);
  private final InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry();
  private final SequentialReservations state = new SequentialReservations(counters, registry);
  private final ConnectionConfig limits = PortcullisConfig.builder().jwtSecret("x".repeat(32))
      .maxConnectionsPerIp(3).maxConcurrentPerIp(2).maxConnectionsPerUser(2).maxConnectionsTotal(2)
      .build().connections();

  @Test
  void capacityHoldsASlotPerConnectionAndRefusesWhenFull() {
    CapacityPolicy policy = new CapacityPolicy(limits);
    HandshakeContext first = Handshakes.from("203.0.113.1");
    HandshakeContext second = Handshakes.from("203.0.113.2");

    assertThat(decide(policy, first)).isEqualTo(Verdict.allow());
    assertThat(decide(policy, second)).isEqualTo(Verdict.allow());
    assertThat(decide(policy, Handshakes.from("203.0.113.3"))).isInstanceOfSatisfying(Verdict.Refuse.class, r -> {
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.code()).isEqualTo("capacity");
      assertThat(r.headers()).containsEntry("Retry-After", "5");
    });

    first.leases().forEach(l -> l.release());
    assertThat(decide(policy, Handshakes.from("203.0.113.3"))).isEqualTo(Verdict.allow());
  }

  @Test
  void connectionRateAdmitsTheLimitThenRefusesWithRateLimitHeaders() {
    ConnectionRatePolicy policy = new ConnectionRatePolicy(limits);
    for (int i = 0; i < 3; i++) {
      assertThat(decide(policy, Handshakes.from("203.0.113.5"))).isEqualTo(Verdict.allow());
    }

    assertThat(decide(policy, Handshakes.from("203.0.113.5"))).isInstanceOfSatisfying(Verdict.Refuse.class, r -> {
      assertThat(r.status()).isEqualTo(429);
      assertThat(r.code()).isEqualTo("rate_limited");
      assertThat(r.headers()).containsEntry("RateLimit-Limit", "3").containsEntry("RateLimit-Remaining", "0")
          .containsKeys("Retry-After", "RateLimit-Reset");
      assertThat(Long.parseLong(r.headers().get("Retry-After"))).isBetween(1L, 120L);
    });
    assertThat(decide(policy, Handshakes.from("203.0.113.6"))).isEqualTo(Verdict.allow());
  }

  @Test
  void connectionRateSlowsDownAnAddressThatKeepsKnocking() {
    ConnectionRatePolicy policy = new ConnectionRatePolicy(limits);
    for (int i = 0; i < 3; i++) {
      decide(policy, Handshakes.from("203.0.113.5"));
    }
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      delays.add(((Verdict.Refuse) decide(policy, Handshakes.from("203.0.113.5"))).answerAfter());
    }

    assertThat(delays).containsExactly(Duration.ZERO, Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5),
        Duration.ofSeconds(5));
  }

  @Test
  void connectionRateAdmitsAgainOnceTheWindowHasSlidPast() {
    ConnectionRatePolicy policy = new ConnectionRatePolicy(limits);
    for (int i = 0; i < 4; i++) {
      decide(policy, Handshakes.from("203.0.113.5"));
    }
    clock.advance(Duration.ofSeconds(120));

    assertThat(decide(policy, Handshakes.from("203.0.113.5"))).isEqualTo(Verdict.allow());
  }

  @Test
  void addressConcurrencyCountsOpenConnectionsOfOneAddress() {
    AddressConcurrencyPolicy policy = new AddressConcurrencyPolicy(limits);
    HandshakeContext first = Handshakes.from("203.0.113.5");
    decide(policy, first);
    decide(policy, Handshakes.from("203.0.113.5"));

    assertThat(decide(policy, Handshakes.from("203.0.113.5"))).isInstanceOfSatisfying(Verdict.Refuse.class, r -> {
      assertThat(r.status()).isEqualTo(429);
      assertThat(r.code()).isEqualTo("rate_limited");
      assertThat(r.headers()).containsEntry("RateLimit-Limit", "2").containsEntry("RateLimit-Remaining", "0");
    });
    assertThat(decide(policy, Handshakes.from("203.0.113.9"))).isEqualTo(Verdict.allow());

    first.leases().forEach(l -> l.release());
    assertThat(registry.leased(LeaseScope.ADDRESS, "203.0.113.5")).isEqualTo(1);
    assertThat(decide(policy, Handshakes.from("203.0.113.5"))).isEqualTo(Verdict.allow());
  }

  @Test
  void userLimitCountsConnectionsPerSubjectAcrossAddresses() {
    UserLimitPolicy policy = new UserLimitPolicy(limits);
    for (String address : List.of("203.0.113.1", "203.0.113.2")) {
      HandshakeContext context = Handshakes.from(address);
      context.authenticated(Principal.untokened("alice"));
      assertThat(decide(policy, context)).isEqualTo(Verdict.allow());
    }
    HandshakeContext third = Handshakes.from("203.0.113.3");
    third.authenticated(Principal.untokened("alice"));
    HandshakeContext bob = Handshakes.from("203.0.113.3");
    bob.authenticated(Principal.untokened("bob"));

    assertThat(decide(policy, third)).isInstanceOfSatisfying(Verdict.Refuse.class, r -> {
      assertThat(r.status()).isEqualTo(429);
      assertThat(r.code()).isEqualTo("too_many_connections");
    });
    assertThat(decide(policy, bob)).isEqualTo(Verdict.allow());
  }

  @Test
  void userLimitIgnoresAnonymousConnections() {
    UserLimitPolicy policy = new UserLimitPolicy(limits);
    for (int i = 0; i < 5; i++) {
      assertThat(decide(policy, Handshakes.from("203.0.113.1"))).isEqualTo(Verdict.allow());
    }
    assertThat(registry.leased(LeaseScope.SUBJECT, "")).isZero();
  }

  private Verdict decide(ConnectionPolicy policy, HandshakeContext context) {
    return Decisions.decide(policy, context, state);
  }
}
