package dev.portcullis.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.port.RateDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sliding-window counter: two fixed windows, the older one weighted by its remaining overlap. */
class SlidingWindowTest {

  private static final long WINDOW = 1_000;
  /** A window start: a multiple of every window length used here. */
  private static final long T0 = 1_800_000_000_000L;

  private static SlidingWindow.Result consume(SlidingWindow state, long now, long window, long limit, long units) {
    return SlidingWindow.consume(state, now, window, limit, units);
  }

  @Test
  void aFreshWindowAllowsExactlyTheLimit() {
    SlidingWindow state = null;
    List<Long> remaining = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      SlidingWindow.Result result = consume(state, T0 + i, WINDOW, 5, 1);
      assertThat(result.decision().allowed()).as("request %d", i + 1).isTrue();
      remaining.add(result.decision().remaining());
      state = result.next();
    }

    SlidingWindow.Result sixth = consume(state, T0 + 5, WINDOW, 5, 1);

    assertThat(remaining).containsExactly(4L, 3L, 2L, 1L, 0L);
    assertThat(sixth.decision().allowed()).isFalse();
    assertThat(sixth.next()).as("a refusal spends nothing").isEqualTo(state);
  }

  @Test
  void theEstimateWeighsThePreviousWindowByHowMuchOfItStillOverlaps() {
    SlidingWindow state = new SlidingWindow(T0 + WINDOW, 2, 10);

    assertThat(state.estimate(T0 + WINDOW, WINDOW)).isEqualTo(12.0);
    assertThat(state.estimate(T0 + WINDOW + 250, WINDOW)).isEqualTo(9.5);
    assertThat(state.estimate(T0 + WINDOW + 900, WINDOW)).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void acrossAWindowBoundaryTheOldCountStillWeighsAndDecays() {
    SlidingWindow full = new SlidingWindow(T0, 10, 0);

    SlidingWindow.Result atBoundary = consume(full, T0 + WINDOW, WINDOW, 10, 1);
    SlidingWindow.Result quarterInThree = consume(full, T0 + WINDOW + 250, WINDOW, 10, 3);
    SlidingWindow.Result quarterInTwo = consume(full, T0 + WINDOW + 250, WINDOW, 10, 2);
    SlidingWindow.Result thenOneMore = consume(quarterInTwo.next(), T0 + WINDOW + 250, WINDOW, 10, 1);

    assertThat(atBoundary.decision().allowed()).as("all 10 still overlap the sliding window").isFalse();
    assertThat(quarterInThree.decision().allowed()).as("7.5 in use: 3 more would make 10.5").isFalse();
    assertThat(quarterInTwo.decision().allowed()).as("7.5 in use: 2 more make 9.5").isTrue();
    assertThat(quarterInTwo.decision().remaining()).isZero();
    assertThat(thenOneMore.decision().allowed()).as("9.5 in use: 1 more would make 10.5").isFalse();
  }

  @Test
  void nothingIsCarriedOverAWholeEmptyWindow() {
    SlidingWindow full = new SlidingWindow(T0, 10, 10);

    SlidingWindow.Result later = consume(full, T0 + 2 * WINDOW, WINDOW, 10, 10);

    assertThat(later.decision().allowed()).isTrue();
    assertThat(later.next()).isEqualTo(new SlidingWindow(T0 + 2 * WINDOW, 10, 0));
  }

  @ParameterizedTest(name = "window={0} limit={1} units={2} previous={3} current={4} at +{5}ms")
  @CsvSource({
      // window, limit, units, previous, current, offset into the current window
      "1000,   10, 1, 0,  10, 500",
      "1000,   10, 1, 10, 3,  100",
      "1000,   10, 1, 10, 2,  0",
      "1000,   10, 2, 10, 1,  142",
      "1000,   10, 3, 0,  10, 1",
      "60000,  10, 1, 10, 7,  0",
      "60000,  5,  5, 5,  0,  30000",
      "300000, 5,  1, 4,  4,  299999",
      "1000,   1,  1, 1,  0,  0",
      "1000,   1,  1, 0,  1,  999"})
  void retryAfterIsTheEarliestMomentTheSameRequestSucceeds(long window, long limit, long units, long previous,
      long current, long offset) {
    SlidingWindow state = new SlidingWindow(T0, current, previous);
    long now = T0 + offset;

    RateDecision refused = consume(state, now, window, limit, units).decision();
    long retry = refused.retryAfter().toMillis();

    assertThat(refused.allowed()).isFalse();
    assertThat(consume(state, now + retry - 1, window, limit, units).decision().allowed())
        .as("one millisecond before retryAfter=%d", retry).isFalse();
    assertThat(consume(state, now + retry, window, limit, units).decision().allowed())
        .as("at retryAfter=%d", retry).isTrue();
  }

  @Test
  void retryAfterIsExactForEverySmallStateAndMoment() {
    List<String> wrong = new ArrayList<>();
    for (long window : new long[] {1_000, 60_000, 300_000}) {
      for (long limit = 1; limit <= 12; limit++) {
        for (long units = 1; units <= Math.min(3, limit); units++) {
          for (long previous = 0; previous <= limit; previous++) {
            for (long current = 0; current <= limit; current++) {
              for (long offset : new long[] {0, 1, window / 7, window / 3, window / 2, window - 1}) {
                SlidingWindow state = new SlidingWindow(T0, current, previous);
                long now = T0 + offset;
                RateDecision d = consume(state, now, window, limit, units).decision();
                if (d.allowed()) {
                  continue;
                }
                long retry = d.retryAfter().toMillis();
                boolean early = consume(state, now + retry - 1, window, limit, units).decision().allowed();
                boolean late = !consume(state, now + retry, window, limit, units).decision().allowed();
                if (early || late) {
                  wrong.add(state + " units=" + units + " limit=" + limit + " window=" + window + " +" + offset
                      + "ms retryAfter=" + retry + (early ? " (already allowed 1 ms before)" : " (still refused)"));
                }
              }
            }
          }
        }
      }
    }
    assertThat(wrong).as("states whose retryAfter is not the earliest success").isEmpty();
  }

  @Test
  void aRequestLargerThanTheLimitNeverFitsAndIsToldWhenTheKeyIsEmpty() {
    SlidingWindow.Result result = consume(new SlidingWindow(T0, 2, 0), T0 + 100, WINDOW, 5, 6);

    assertThat(result.decision().allowed()).isFalse();
    assertThat(result.decision().retryAfter()).isEqualTo(result.decision().resetAfter());
    assertThat(result.decision().retryAfter()).isEqualTo(Duration.ofMillis(2 * WINDOW - 100));
  }

  @Test
  void anAllowedRequestHasNoRetryAfter() {
    RateDecision allowed = consume(null, T0 + 10, WINDOW, 5, 2).decision();

    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.retryAfter()).isZero();
    assertThat(allowed.limit()).isEqualTo(5);
    assertThat(allowed.remaining()).isEqualTo(3);
  }

  @ParameterizedTest(name = "previous={0} current={1} at +{2}ms")
  @CsvSource({"0, 3, 10", "4, 0, 300", "4, 2, 999", "5, 5, 0"})
  void resetAfterIsWhenTheWholeLimitIsFreeAgain(long previous, long current, long offset) {
    long limit = 5;
    SlidingWindow state = new SlidingWindow(T0, current, previous);
    long now = T0 + offset;

    long reset = consume(state, now, WINDOW, limit, 0).decision().resetAfter().toMillis();

    assertThat(reset).isPositive();
    assertThat(consume(state, now + reset - 1, WINDOW, limit, limit).decision().allowed())
        .as("one millisecond before resetAfter=%d", reset).isFalse();
    assertThat(consume(state, now + reset, WINDOW, limit, limit).decision().allowed())
        .as("at resetAfter=%d", reset).isTrue();
  }

  @Test
  void anEmptyKeyIsAlreadyReset() {
    assertThat(consume(null, T0 + 10, WINDOW, 5, 0).decision().resetAfter()).isZero();
  }

  @Test
  void aClockSteppingBackNeverWipesTheCount() {
    SlidingWindow full = new SlidingWindow(T0 + WINDOW, 5, 5);

    SlidingWindow.Result earlier = consume(full, T0 + 10, WINDOW, 5, 1);

    assertThat(earlier.decision().allowed()).isFalse();
    assertThat(earlier.next()).isEqualTo(full);
  }
}
