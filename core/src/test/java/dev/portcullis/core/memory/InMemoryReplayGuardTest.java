package dev.portcullis.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.port.ReplayGuard;
import dev.portcullis.core.port.ReplayGuardContract;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryReplayGuardTest extends ReplayGuardContract {

  @Override
  protected ReplayGuard newReplayGuard(MutableClock clock) {
    return new InMemoryReplayGuard(clock);
  }

  @Test
  void aHundredThousandDistinctIdsLeaveAtMostTheBoundRemembered() {
    InMemoryReplayGuard bounded = new InMemoryReplayGuard(clock, 1_000);
    Duration window = Duration.ofMinutes(5);
    for (int i = 0; i < 100_000; i++) {
      assertThat(bounded.firstSeen("user-1", "msg-" + i, window)).isTrue();
    }
    assertThat(bounded.size()).isLessThanOrEqualTo(1_000);

    int remembered = 0;
    for (int i = 0; i < 100_000; i++) {
      if (!bounded.firstSeen("user-1", "msg-" + i, window)) {
        remembered++;
      }
    }

    // Probing re-records forgotten ids, which can only push remembered ones out: an unbounded guard
    // would still remember all 100,000.
    assertThat(remembered).isLessThanOrEqualTo(1_000);
  }

  @Test
  void aFullGuardDropsItsOldestSliceAndKeepsTheNewestIds() {
    InMemoryReplayGuard bounded = new InMemoryReplayGuard(clock, 100);
    Duration window = Duration.ofMinutes(5);
    for (int i = 0; i < 100; i++) {
      bounded.firstSeen("user-1", "old-" + i, window);
    }
    clock.advance(window.dividedBy(InMemoryReplayGuard.SLICES));
    for (int i = 0; i < 100; i++) {
      assertThat(bounded.firstSeen("user-1", "new-" + i, window)).isTrue();
    }

    assertThat(bounded.firstSeen("user-1", "new-99", window)).isFalse();
    assertThat(bounded.firstSeen("user-1", "old-0", window)).as("dropped early").isTrue();
  }
}
