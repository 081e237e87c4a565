package dev.portcullis.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.port.RateDecision;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlotWindowTest {

  private static final long WINDOW = 60_000;
  private static final long SLOT = 1_000;
  private static final long T0 = 1_000_000_000_000L; // a slot boundary

  /** A window that has seen {@code units} single units at each of {@code times}. */
  private static SlotWindow after(long limit, long... times) {
    SlotWindow window = new SlotWindow(WINDOW);
    for (long t : times) {
      window.consume(t, limit, 1);
    }
    return window;
  }

  @Test
  void aFreshWindowAllowsExactlyTheLimit() {
    SlotWindow window = new SlotWindow(WINDOW);
    List<Boolean> allowed = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      allowed.add(window.consume(T0 + i, 3, 1).allowed());
    }

    assertThat(allowed).containsExactly(true, true, true, false);
  }

  @Test
  void anEventCountsForAtLeastTheWindowAndAtMostOneSlotLonger() {
    for (long offset = 0; offset < SLOT; offset += 250) {
      long at = T0 + 7 * SLOT + offset;
      SlotWindow justBefore = after(1, at);
      SlotWindow justAfter = after(1, at);

      assertThat(justBefore.consume(at + WINDOW - 1, 1, 1).allowed()).as("offset %d", offset).isFalse();
      assertThat(justAfter.consume(at + WINDOW + SLOT, 1, 1).allowed()).as("offset %d", offset).isTrue();
    }
  }

  @Test
  void aBurstAtTheStartOfAMinuteIsFreeAgainSixtyOneSecondsLater() {
    SlotWindow window = after(3, T0 + SLOT, T0 + SLOT + 10, T0 + SLOT + 20);

    assertThat(window.consume(T0 + SLOT + 59_000, 3, 1).allowed()).isFalse();
    RateDecision later = window.consume(T0 + SLOT + 61_000, 3, 1);
    assertThat(later.allowed()).isTrue();
    assertThat(later.remaining()).isEqualTo(2);
  }

  @Test
  void noSlidingWindowEverAdmitsMoreThanTheLimit() {
    Random random = new Random(42);
    for (int run = 0; run < 50; run++) {
      long limit = 1 + random.nextInt(10);
      SlotWindow window = new SlotWindow(WINDOW);
      Deque<Long> admitted = new ArrayDeque<>();
      long now = T0 + random.nextInt(60_000);
      for (int i = 0; i < 400; i++) {
        now += random.nextInt(4_000);
        if (window.consume(now, limit, 1).allowed()) {
          admitted.addLast(now);
          final long t = now;
          admitted.removeIf(a -> a <= t - WINDOW);
          assertThat(admitted.size()).as("admitted inside (%d, %d]", now - WINDOW, now).isLessThanOrEqualTo((int) limit);
        }
      }
    }
  }

  @Test
  void retryAfterIsTheEarliestMomentTheSameRequestSucceeds() {
    Random random = new Random(7);
    for (int run = 0; run < 200; run++) {
      long limit = 1 + random.nextInt(6);
      long units = 1 + random.nextInt((int) limit);
      long[] times = new long[(int) limit];
      long t = T0 + random.nextInt(5_000);
      for (int i = 0; i < times.length; i++) {
        t += random.nextInt(20_000);
        times[i] = t;
      }
      long now = t + random.nextInt(20_000);
      RateDecision refused = after(limit, times).consume(now, limit, units);
      if (refused.allowed()) {
        continue;
      }
      long retry = refused.retryAfter().toMillis();

      assertThat(after(limit, times).consume(now + retry - 1, limit, units).allowed()).as("run %d", run).isFalse();
      assertThat(after(limit, times).consume(now + retry, limit, units).allowed()).as("run %d", run).isTrue();
    }
  }

  @Test
  void resetAfterIsWhenTheWholeLimitIsFreeAgain() {
    SlotWindow window = after(5, T0, T0 + 10_500, T0 + 30_200);
    RateDecision decision = window.consume(T0 + 40_000, 5, 1);
    long reset = decision.resetAfter().toMillis();

    assertThat(reset).isEqualTo(WINDOW + SLOT); // the newest unit, just counted, leaves last
    assertThat(window.consume(T0 + 40_000 + reset, 5, 5).allowed()).isTrue();
  }

  @Test
  void aRequestLargerThanTheLimitNeverFits() {
    RateDecision decision = new SlotWindow(WINDOW).consume(T0, 3, 4);

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.remaining()).isEqualTo(3);
    assertThat(decision.retryAfter().toMillis()).isPositive();
  }

  @Test
  void anAllowedRequestHasNoRetryAfter() {
    assertThat(new SlotWindow(WINDOW).consume(T0, 3, 1).retryAfter()).isZero();
  }

  @Test
  void aClockSteppingBackNeverWipesTheCount() {
    SlotWindow window = after(2, T0 + 30_000, T0 + 30_001);

    assertThat(window.consume(T0 + 10_000, 2, 1).allowed()).isFalse();
    assertThat(window.consume(T0 + 30_002, 2, 1).allowed()).isFalse();
  }

  @Test
  void unitsLargerThanOneAreCountedByWeight() {
    SlotWindow window = new SlotWindow(WINDOW);

    assertThat(window.consume(T0, 50, 45).allowed()).isTrue();
    assertThat(window.consume(T0 + 1, 50, 5).remaining()).isZero();
    assertThat(window.consume(T0 + 2, 50, 1).allowed()).isFalse();
  }
}
