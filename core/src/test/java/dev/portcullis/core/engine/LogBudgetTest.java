package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogBudgetTest {

  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final LogBudget budget = new LogBudget(3, nanos::get);

  @Test
  void letsThroughItsLinesPerSecondAndDropsTheRest() {
    assertThat(new long[] {budget.take(), budget.take(), budget.take()}).containsOnly(0L);
    assertThat(budget.take()).isEqualTo(-1);
    assertThat(budget.take()).isEqualTo(-1);
  }

  @Test
  void theFirstLineOfANewSecondReportsWhatWasDroppedAndTheBudgetIsWholeAgain() {
    for (int i = 0; i < 10; i++) {
      budget.take();
    }
    nanos.addAndGet(1_000_000_000L);

    assertThat(budget.take()).as("7 dropped last second").isEqualTo(7);
    assertThat(budget.take()).isZero();
    assertThat(budget.take()).isZero();
    assertThat(budget.take()).isEqualTo(-1);
    nanos.addAndGet(3_000_000_000L);
    assertThat(budget.take()).as("reported once, then counted afresh").isEqualTo(1);
  }

  @Test
  void refusesABudgetOfNothing() {
    assertThatThrownBy(() -> new LogBudget(0, nanos::get)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one line per second");
  }
}
