package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.memory.InMemoryConnectionRegistry;
import dev.portcullis.core.port.LeaseScope;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LeaseSetTest {

  private final InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry();

  private LeaseSet holdingTwo() {
    return new LeaseSet(List.of(
        registry.tryLease(LeaseScope.TOTAL, "", 10).orElseThrow(),
        registry.tryLease(LeaseScope.ADDRESS, "203.0.113.9", 10).orElseThrow()));
  }

  @Test
  void releasesEverySlotOnceHoweverOftenItIsCalled() throws Exception {
    LeaseSet leases = holdingTwo();
    registry.tryLease(LeaseScope.TOTAL, "", 10).orElseThrow(); // someone else's slot
    ExecutorService threads = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < 8; i++) {
      threads.execute(() -> {
        try {
          go.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        leases.releaseAll();
      });
    }
    go.countDown();
    threads.shutdown();
    assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

    assertThat(registry.leased(LeaseScope.TOTAL, "")).isEqualTo(1);
    assertThat(registry.leased(LeaseScope.ADDRESS, "203.0.113.9")).isZero();
  }

  @Test
  void releasesASlotAddedAfterTheSetWasReleased() {
    LeaseSet leases = holdingTwo();
    leases.releaseAll();

    boolean kept = leases.add(registry.tryLease(LeaseScope.SUBJECT, "alice", 10).orElseThrow());

    assertThat(kept).isFalse();
    assertThat(registry.leased(LeaseScope.SUBJECT, "alice")).isZero();
  }

  @Test
  void leavesAClaimedSetToItsSession() {
    LeaseSet leases = holdingTwo();
    assertThat(leases.claim()).isTrue();

    leases.releaseUnlessClaimed();
    assertThat(registry.leased(LeaseScope.TOTAL, "")).isEqualTo(1);

    leases.releaseAll();
    assertThat(registry.leased(LeaseScope.TOTAL, "")).isZero();
  }

  @Test
  void refusesAClaimAfterTheConnectionDiedFirst() {
    LeaseSet leases = holdingTwo();
    leases.releaseUnlessClaimed();

    assertThat(leases.claim()).isFalse();
    assertThat(registry.leased(LeaseScope.TOTAL, "")).isZero();
  }
}
