package dev.portcullis.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.BlockListPortContract;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryBlockListTest extends BlockListPortContract {

  @Override
  protected BlockListPort newBlockList(MutableClock clock) {
    return new InMemoryBlockList(clock);
  }

  @Test
  void aHundredThousandBlockedAddressesNeverHoldMoreEntriesThanTheBound() {
    InMemoryBlockList blocks = new InMemoryBlockList(clock, 64, new InMemoryBlockList.Caps(1_000, 10, 10));
    Instant now = clock.instant();

    for (int i = 0; i < 100_000; i++) {
      blocks.block(new Block("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff), "flood", now,
          now.plus(Duration.ofHours(1))));
    }
    // Caffeine evicts on its maintenance executor (the common pool): wait for it, with a timeout.
    assertThat(ForkJoinPool.commonPool().awaitQuiescence(10, TimeUnit.SECONDS)).isTrue();

    assertThat(blocks.list()).hasSizeLessThanOrEqualTo(1_000).isNotEmpty();
  }

  @Test
  void aThrowingWatcherDoesNotStopTheBlockOrTheOtherWatchers() {
    InMemoryBlockList blocks = new InMemoryBlockList(clock);
    List<Block> heard = new CopyOnWriteArrayList<>();
    blocks.watch(block -> {
      throw new IllegalStateException("broken watcher");
    });
    blocks.watch(heard::add);
    Block block = new Block("203.0.113.5", "test", clock.instant(), clock.instant().plusSeconds(60));

    blocks.block(block);

    assertThat(blocks.find("203.0.113.5")).contains(block);
    assertThat(heard).containsExactly(block);
  }
}
