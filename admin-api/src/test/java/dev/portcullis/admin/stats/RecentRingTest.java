package dev.portcullis.admin.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentRingTest {

  @Test
  void keepsTheNewestItemsNewestFirst() {
    RecentRing<Integer> ring = new RecentRing<>(3);
    for (int i = 1; i <= 5; i++) {
      ring.add(i);
    }
    assertThat(ring.newest(i -> true, 10)).containsExactly(5, 4, 3);
    assertThat(ring.newest(i -> i % 2 == 1, 10)).containsExactly(5, 3);
    assertThat(ring.newest(i -> true, 1)).containsExactly(5);
  }

  @Test
  void readsNothingFromAnEmptyRing() {
    assertThat(new RecentRing<String>(4).newest(s -> true, 4)).isEmpty();
  }
}
