package dev.portcullis.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BlockListPort} must do. An adapter's test extends this class and supplies the port. */
public abstract class BlockListPortContract {

  protected MutableClock clock;
  protected BlockListPort port;

  /** A fresh, empty block list reading time from {@code clock}. */
  protected abstract BlockListPort newBlockList(MutableClock clock);

  @BeforeEach
  void createPort() {
    clock = MutableClock.aligned();
    port = newBlockList(clock);
  }

  private Block blockFor(String address, Duration length) {
    Instant now = clock.instant();
    return new Block(address, "contract", now, now.plus(length));
  }

  @Test
  void anUnknownAddressIsNotBlocked() {
    assertThat(port.find("203.0.113.5")).isEmpty();
    assertThat(port.list()).isEmpty();
  }

  @Test
  void aBlockIsFoundWithItsReasonAndEnd() {
    Block block = blockFor("203.0.113.5", Duration.ofMinutes(5));

    port.block(block);

    assertThat(port.find("203.0.113.5")).contains(block);
    assertThat(port.find("203.0.113.6")).isEmpty();
  }

  @Test
  void aBlockEndsByItselfAtItsUntil() {
    port.block(blockFor("203.0.113.5", Duration.ofMinutes(5)));

    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(port.find("203.0.113.5")).isPresent();
    assertThat(port.list()).hasSize(1);

    clock.advanceMillis(1);
    assertThat(port.find("203.0.113.5")).isEmpty();
    assertThat(port.list()).isEmpty();
  }

  @Test
  void liftingEndsABlockAndSaysWhetherThereWasOne() {
    port.block(blockFor("203.0.113.5", Duration.ofMinutes(5)));

    assertThat(port.lift("203.0.113.5")).isTrue();
    assertThat(port.find("203.0.113.5")).isEmpty();
    assertThat(port.lift("203.0.113.5")).isFalse();
    assertThat(port.lift("198.51.100.1")).isFalse();
  }

  @Test
  void aNewBlockReplacesTheOldOneOfTheSameAddress() {
    port.block(blockFor("203.0.113.5", Duration.ofMinutes(5)));
    Block longer = blockFor("203.0.113.5", Duration.ofMinutes(30));

    port.block(longer);
    clock.advance(Duration.ofMinutes(10));

    assertThat(port.find("203.0.113.5")).contains(longer);
    assertThat(port.list()).containsExactly(longer);
  }

  @Test
  void theListHoldsLiveBlocksSoonestToExpireFirst() {
    Block late = blockFor("203.0.113.1", Duration.ofMinutes(30));
    Block soon = blockFor("203.0.113.2", Duration.ofMinutes(2));
    Block middle = blockFor("2001:db8:1:2:0:0:0:0/64", Duration.ofMinutes(10));
    Block gone = blockFor("203.0.113.3", Duration.ofMinutes(1));
    port.block(late);
    port.block(soon);
    port.block(middle);
    port.block(gone);

    clock.advance(Duration.ofMinutes(1));

    assertThat(port.list()).containsExactly(soon, middle, late);
  }

  @Test
  void everyWatcherHearsOfEveryNewBlock() {
    List<Block> first = new CopyOnWriteArrayList<>();
    List<Block> second = new CopyOnWriteArrayList<>();
    port.watch(first::add);
    port.watch(second::add);
    Block a = blockFor("203.0.113.1", Duration.ofMinutes(5));
    Block b = blockFor("203.0.113.2", Duration.ofMinutes(5));

    port.block(a);
    port.block(b);

    assertThat(first).containsExactly(a, b);
    assertThat(second).containsExactly(a, b);
  }

  @Test
  void aWatcherAddedLaterHearsOnlyOfLaterBlocks() {
    port.block(blockFor("203.0.113.1", Duration.ofMinutes(5)));
    List<Block> heard = new CopyOnWriteArrayList<>();

    port.watch(heard::add);
    Block later = blockFor("203.0.113.2", Duration.ofMinutes(5));
    port.block(later);

    assertThat(heard).containsExactly(later);
  }
}
