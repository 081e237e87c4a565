package dev.portcullis.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.port.ReplayGuard;
import dev.portcullis.core.port.ReplayGuardContract;
import dev.portcullis.core.testing.Concurrently;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
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

  @Test
  void everyReplayInsideTheWindowIsRefusedWhileTheGuardIsBelowItsBound() {
    InMemoryReplayGuard guard = new InMemoryReplayGuard(clock, 100_000);
    Duration window = Duration.ofMinutes(10);
    // 60,000 ids over one window, a new slice every 2.5 minutes: every table starts on time, none early
    for (int i = 0; i < 60_000; i++) {
      assertThat(guard.firstSeen("user-" + i % 7, "msg-" + i, window)).isTrue();
      clock.advanceMillis(window.toMillis() / 60_000 - 1);
    }

    for (int i = 0; i < 60_000; i++) {
      assertThat(guard.firstSeen("user-" + i % 7, "msg-" + i, window)).as("replay of msg-%d", i).isFalse();
    }
  }

  @Test
  void anIdIsRememberedToTheMillisecondAcrossSlices() {
    Duration window = Duration.ofMinutes(10);
    long step = window.toMillis() / InMemoryReplayGuard.SLICES - 1;
    guard.firstSeen("user-1", "msg-1", window);
    for (int slice = 0; slice < InMemoryReplayGuard.SLICES; slice++) {
      clock.advanceMillis(step);
      guard.firstSeen("user-1", "filler-" + slice, window); // new tables start on the way
    }
    clock.advanceMillis(window.toMillis() - 1 - step * InMemoryReplayGuard.SLICES);

    assertThat(guard.firstSeen("user-1", "msg-1", window)).as("1 ms before the window ends").isFalse();
    clock.advanceMillis(1);
    assertThat(guard.firstSeen("user-1", "msg-1", window)).as("the window has passed").isTrue();
  }

  @Test
  void aMillionDistinctIdsNeverGrowTheGuardPastItsBound() {
    InMemoryReplayGuard guard = new InMemoryReplayGuard(clock, 10_000);
    Duration window = Duration.ofMinutes(10);
    for (int i = 0; i < 1_000_000; i++) {
      guard.firstSeen("attacker", Integer.toString(i), window);
    }

    assertThat(guard.size()).isLessThanOrEqualTo(10_000);
    // the newest ids are the ones still remembered
    assertThat(guard.firstSeen("attacker", Integer.toString(999_999), window)).isFalse();
  }

  @Test
  void theFalsePositiveRateIsWithinWhatTheClassCommentStates() {
    // With 12 fingerprint bits instead of 44, the stated bound (SLICES + 1) * 1.5 / 2^bits is large
    // enough to observe; the full-width guard has the same structure, with 2^32 times fewer.
    int bits = 12;
    InMemoryReplayGuard guard = new InMemoryReplayGuard(clock, 50_000, bits);
    Duration window = Duration.ofMinutes(10);
    int samples = 400_000;
    int refused = 0;
    for (int i = 0; i < samples; i++) {
      if (!guard.firstSeen("user-1", "msg-" + i, window)) {
        refused++;
      }
    }

    double bound = (InMemoryReplayGuard.SLICES + 1) * 1.5 / (1 << bits);
    assertThat(refused / (double) samples).isLessThanOrEqualTo(bound).isGreaterThan(bound / 20);
  }

  @Test
  void racingThreadsNeverBothSeeAnIdFirstWhileTablesTurnOver() throws Exception {
    Duration window = Duration.ofMinutes(10);
    int ids = 400; // tables of 62: a new one starts every 62 ids, and the eight hold all 400
    int rounds = 200;
    int once = 0;
    for (int round = 0; round < rounds; round++) {
      InMemoryReplayGuard guard = new InMemoryReplayGuard(clock, 500);
      AtomicIntegerArray firsts = new AtomicIntegerArray(ids);

      Concurrently.run(4, thread -> {
        for (int i = 0; i < ids; i++) {
          if (guard.firstSeen("user-1", "msg-" + i, window)) {
            firsts.incrementAndGet(i);
          }
        }
      });

      for (int i = 0; i < ids; i++) {
        assertThat(firsts.get(i)).as("msg-%d in round %d seen first", i, round).isLessThanOrEqualTo(1);
        once += firsts.get(i);
      }
    }
    assertThat(once).as("ids seen first by exactly one thread").isGreaterThan(ids * rounds * 99 / 100);
  }

  @Test
  void tablesReusedTurnAfterTurnRememberExactlyTheWindow() {
    InMemoryReplayGuard guard = new InMemoryReplayGuard(clock, 8_000);
    Duration window = Duration.ofMinutes(InMemoryReplayGuard.SLICES); // a slice a minute
    // twenty turns of the ring: every table's place is reused, with every epoch, more than once
    for (int slice = 0; slice < 20 * InMemoryReplayGuard.RING; slice++) {
      for (int i = 0; i < 100; i++) {
        assertThat(guard.firstSeen("user-1", slice + "-" + i, window)).as("new id %d-%d", slice, i).isTrue();
      }
      for (int earlier = Math.max(0, slice - InMemoryReplayGuard.SLICES + 1); earlier <= slice; earlier++) {
        assertThat(guard.firstSeen("user-1", earlier + "-7", window))
            .as("replay of %d-7 in %d", earlier, slice).isFalse();
      }
      if (slice >= InMemoryReplayGuard.SLICES) {
        int expired = slice - InMemoryReplayGuard.SLICES;
        assertThat(guard.firstSeen("user-1", expired + "-3", window)).as("%d-3, a window old", expired).isTrue();
      }
      clock.advance(Duration.ofMinutes(1));
    }
  }

  @Test
  void refusesABoundItCannotHold() {
    assertThatThrownBy(() -> new InMemoryReplayGuard(clock, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxIds")
        .hasMessageContaining("was 2");
  }
}
