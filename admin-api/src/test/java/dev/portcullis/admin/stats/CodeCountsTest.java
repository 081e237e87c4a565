package dev.portcullis.admin.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.testing.Concurrently;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeCountsTest {

  @Test
  void countsEachCodeExactlyUnderConcurrency() throws Exception {
    List<String> created = new ArrayList<>();
    CodeCounts counts = new CodeCounts((code, adder) -> created.add(code));
    Concurrently.run(8, thread -> {
      for (int i = 0; i < 10_000; i++) {
        counts.increment(i % 2 == 0 ? "rate_limited" : "duplicate_id");
      }
    });
    assertThat(counts.snapshot()).containsEntry("rate_limited", 40_000L).containsEntry("duplicate_id", 40_000L);
    assertThat(counts.total()).isEqualTo(80_000L);
    assertThat(created).containsExactlyInAnyOrder("rate_limited", "duplicate_id");
  }

  @Test
  void keepsAFixedNumberOfCodesApartAndCountsTheRestAsOther() {
    CodeCounts counts = new CodeCounts((code, adder) -> {});
    for (int i = 0; i < 1000; i++) {
      counts.increment("plugin_code_" + i);
    }
    assertThat(counts.snapshot()).hasSize(CodeCounts.MAX_CODES);
    assertThat(counts.snapshot().get(CodeCounts.OTHER)).isEqualTo(1000L - (CodeCounts.MAX_CODES - 1));
    assertThat(counts.total()).isEqualTo(1000L);
  }
}
