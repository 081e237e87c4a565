package dev.portcullis.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.testing.Concurrently;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.core.testing.TestConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ConnectionRegistry} must do. An adapter's test extends this class and supplies it. */
public abstract class ConnectionRegistryContract {

  protected MutableClock clock;
  protected ConnectionRegistry registry;

  /** A fresh, empty registry reading time from {@code clock}. */
  protected abstract ConnectionRegistry newRegistry(MutableClock clock);

  @BeforeEach
  void createRegistry() {
    clock = MutableClock.aligned();
    registry = newRegistry(clock);
  }

  @Test
  void leasesSlotsUpToTheLimitAndThenRefuses() {
    List<Optional<Lease>> leases = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      leases.add(registry.tryLease(LeaseScope.ADDRESS, "203.0.113.5", 3));
    }

    Optional<Lease> fourth = registry.tryLease(LeaseScope.ADDRESS, "203.0.113.5", 3);

    assertThat(leases).allSatisfy(l -> assertThat(l).isPresent());
    assertThat(fourth).isEmpty();
    assertThat(registry.leased(LeaseScope.ADDRESS, "203.0.113.5")).isEqualTo(3);
  }

  @Test
  void releasingALeaseFreesItsSlot() {
    Lease lease = registry.tryLease(LeaseScope.ADDRESS, "k", 1).orElseThrow();
    assertThat(registry.tryLease(LeaseScope.ADDRESS, "k", 1)).isEmpty();

    lease.release();

    assertThat(registry.leased(LeaseScope.ADDRESS, "k")).isZero();
    assertThat(registry.tryLease(LeaseScope.ADDRESS, "k", 1)).isPresent();
  }

  @Test
  void releasingTheSameLeaseTwiceFreesOnlyOneSlot() {
    Lease first = registry.tryLease(LeaseScope.SUBJECT, "user-1", 5).orElseThrow();
    registry.tryLease(LeaseScope.SUBJECT, "user-1", 5).orElseThrow();

    first.release();
    first.release();

    assertThat(registry.leased(LeaseScope.SUBJECT, "user-1")).isEqualTo(1);
  }

  @Test
  void anUnknownKeyHoldsNothing() {
    assertThat(registry.leased(LeaseScope.ADDRESS, "never-seen")).isZero();
  }

  @Test
  void concurrentLeasesAndReleasesByTheThousandEndAtZero() throws Exception {
    AtomicInteger granted = new AtomicInteger();

    Concurrently.run(8, thread -> {
      for (int i = 0; i < 2_000; i++) {
        Optional<Lease> lease = registry.tryLease(LeaseScope.ADDRESS, "shared", 1_000_000);
        Optional<Lease> total = registry.tryLease(LeaseScope.TOTAL, "ignored-" + thread, 1_000_000);
        lease.ifPresent(l -> granted.incrementAndGet());
        lease.ifPresent(Lease::release);
        total.ifPresent(Lease::release);
        total.ifPresent(Lease::release);
      }
    });

    assertThat(granted).hasValue(16_000);
    assertThat(registry.leased(LeaseScope.ADDRESS, "shared")).isZero();
    assertThat(registry.leased(LeaseScope.TOTAL, "")).isZero();
  }

  @Test
  void concurrentLeasesNeverExceedTheLimit() throws Exception {
    AtomicInteger granted = new AtomicInteger();

    Concurrently.run(8, thread -> {
      for (int i = 0; i < 500; i++) {
        if (registry.tryLease(LeaseScope.SUBJECT, "user-1", 100).isPresent()) {
          granted.incrementAndGet();
        }
      }
    });

    assertThat(granted).hasValue(100);
    assertThat(registry.leased(LeaseScope.SUBJECT, "user-1")).isEqualTo(100);
  }

  @Test
  void scopesCountIndependently() {
    registry.tryLease(LeaseScope.ADDRESS, "same-key", 1).orElseThrow();

    assertThat(registry.tryLease(LeaseScope.SUBJECT, "same-key", 1)).isPresent();
    assertThat(registry.tryLease(LeaseScope.TOTAL, "same-key", 1)).isPresent();
    assertThat(registry.leased(LeaseScope.ADDRESS, "same-key")).isEqualTo(1);
  }

  @Test
  void theTotalScopeIgnoresTheKey() {
    registry.tryLease(LeaseScope.TOTAL, "203.0.113.5", 2).orElseThrow();
    registry.tryLease(LeaseScope.TOTAL, "198.51.100.7", 2).orElseThrow();

    assertThat(registry.tryLease(LeaseScope.TOTAL, "192.0.2.1", 2)).isEmpty();
    assertThat(registry.leased(LeaseScope.TOTAL, "anything")).isEqualTo(2);
  }

  @Test
  void knowsEveryOpenConnectionAndThoseOfOneAddress() {
    TestConnection a1 = TestConnection.from("c1", "203.0.113.5");
    TestConnection a2 = TestConnection.from("c2", "203.0.113.5");
    TestConnection b = TestConnection.from("c3", "198.51.100.7");
    registry.register(a1);
    registry.register(a2);
    registry.register(b);

    assertThat(registry.connections()).containsExactlyInAnyOrder(a1, a2, b);
    assertThat(registry.connectionsOf("203.0.113.5")).containsExactlyInAnyOrder(a1, a2);
    assertThat(registry.connectionsOf("192.0.2.1")).isEmpty();
  }

  @Test
  void anUnregisteredConnectionIsForgotten() {
    TestConnection a1 = TestConnection.from("c1", "203.0.113.5");
    TestConnection a2 = TestConnection.from("c2", "203.0.113.5");
    registry.register(a1);
    registry.register(a2);

    registry.unregister(a1);

    assertThat(registry.connections()).containsExactly(a2);
    assertThat(registry.connectionsOf("203.0.113.5")).containsExactly(a2);
  }

  @Test
  void connectionsOfAnIpv6ClientAreFoundByItsPrefixKey() {
    TestConnection one = TestConnection.from("c1", "2001:db8:1:2::1");
    TestConnection two = TestConnection.from("c2", "2001:db8:1:2::99");
    registry.register(one);
    registry.register(two);

    assertThat(registry.connectionsOf("2001:db8:1:2:0:0:0:0/64")).containsExactlyInAnyOrder(one, two);
  }
}
