package dev.portcullis.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.testing.Addresses;
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

  @Test
  void aBlockedIpv4RangeCoversEveryAddressInsideItAndNoOther() {
    Block range = blockFor("10.1.0.0/16", Duration.ofMinutes(5));

    port.block(range);

    assertThat(port.findCovering(Addresses.client("10.1.0.1"))).contains(range);
    assertThat(port.findCovering(Addresses.client("10.1.255.255"))).contains(range);
    assertThat(port.findCovering(Addresses.client("::ffff:10.1.2.3"))).contains(range);
    assertThat(port.findCovering(Addresses.client("10.2.0.1"))).isEmpty();
    assertThat(port.findCovering(Addresses.client("2001:db8::1"))).isEmpty();
  }

  @Test
  void aBlockedIpv6RangeCoversEveryClientPrefixInsideIt() {
    Block range = blockFor("2001:db8:0:0:0:0:0:0/32", Duration.ofMinutes(5));

    port.block(range);

    assertThat(port.findCovering(Addresses.client("2001:db8:1:2::1"))).contains(range);
    assertThat(port.findCovering(Addresses.client("2001:db8:ffff:ffff::1"))).contains(range);
    assertThat(port.findCovering(Addresses.client("2001:db9::1"))).isEmpty();
  }

  @Test
  void aRangeNarrowerThanTheClientPrefixCoversOnlyTheAddressesInsideIt() {
    Block one = blockFor("2001:db8:1:2::5", Duration.ofMinutes(5));

    port.block(one);

    assertThat(port.findCovering(Addresses.client("2001:db8:1:2::5"))).map(Block::addressKey)
        .contains("2001:db8:1:2:0:0:0:5/128");
    assertThat(port.findCovering(Addresses.client("2001:db8:1:2::6"))).isEmpty();
  }

  @Test
  void anAddressBlockCoversItsClientThroughFindCovering() {
    Block address = blockFor("203.0.113.5", Duration.ofMinutes(5));
    Block prefix = blockFor("2001:db8:1:2:0:0:0:0/64", Duration.ofMinutes(5));

    port.block(address);
    port.block(prefix);

    assertThat(port.findCovering(Addresses.client("203.0.113.5"))).contains(address);
    assertThat(port.findCovering(Addresses.client("2001:db8:1:2::77"))).contains(prefix);
    assertThat(port.findCovering(Addresses.client("203.0.113.6"))).isEmpty();
  }

  @Test
  void whenSeveralBlocksCoverAClientTheOneThatEndsLastAnswers() {
    port.block(blockFor("10.0.0.0/8", Duration.ofMinutes(5)));
    Block longest = blockFor("10.1.0.0/16", Duration.ofMinutes(50));
    port.block(longest);
    port.block(blockFor("10.1.2.3", Duration.ofMinutes(10)));

    assertThat(port.findCovering(Addresses.client("10.1.2.3"))).contains(longest);
  }

  @Test
  void aRangeBlockEndsByItselfAndCanBeLiftedByAnySpellingOfItsRange() {
    port.block(blockFor("10.1.0.0/16", Duration.ofMinutes(5)));
    port.block(blockFor("192.168.0.0/24", Duration.ofMinutes(1)));

    clock.advance(Duration.ofMinutes(1));
    assertThat(port.findCovering(Addresses.client("192.168.0.1"))).isEmpty();
    assertThat(port.list()).extracting(Block::addressKey).containsExactly("10.1.0.0/16");

    assertThat(port.lift("10.1.7.7/16")).isTrue();
    assertThat(port.findCovering(Addresses.client("10.1.0.1"))).isEmpty();
    assertThat(port.list()).isEmpty();
  }

  @Test
  void keysAreHeldInOneCanonicalForm() {
    port.block(blockFor("2001:db8:1:2::/64", Duration.ofMinutes(5)));
    port.block(blockFor("203.0.113.9/32", Duration.ofMinutes(6)));
    port.block(blockFor("10.1.2.3/16", Duration.ofMinutes(7)));

    assertThat(port.list()).extracting(Block::addressKey)
        .containsExactly("2001:db8:1:2:0:0:0:0/64", "203.0.113.9", "10.1.0.0/16");
    assertThat(port.find("2001:db8:1:2:0:0:0:0/64")).isPresent();
    assertThat(port.find("203.0.113.9")).isPresent();
    assertThat(port.find("10.1.0.0/16")).isPresent();
  }

  @Test
  void aSubjectBlockIsFoundByItsKeyAndCoversNoAddress() {
    Block subject = blockFor(Block.subjectKey("alice"), Duration.ofMinutes(5));

    port.block(subject);

    assertThat(port.find(Block.subjectKey("alice"))).contains(subject);
    assertThat(port.find(Block.subjectKey("bob"))).isEmpty();
    assertThat(port.findCovering(Addresses.client("203.0.113.5"))).isEmpty();
    assertThat(port.list()).containsExactly(subject);
  }

  @Test
  void aSubjectBlockEndsByItselfAndCanBeLifted() {
    port.block(blockFor(Block.subjectKey("alice"), Duration.ofMinutes(5)));
    port.block(blockFor(Block.subjectKey("bob"), Duration.ofMinutes(1)));

    clock.advance(Duration.ofMinutes(1));
    assertThat(port.find(Block.subjectKey("bob"))).isEmpty();

    assertThat(port.lift(Block.subjectKey("alice"))).isTrue();
    assertThat(port.find(Block.subjectKey("alice"))).isEmpty();
    assertThat(port.lift(Block.subjectKey("alice"))).isFalse();
  }

  @Test
  void watchersHearOfRangeAndSubjectBlocksUnderTheirCanonicalKey() {
    List<Block> heard = new CopyOnWriteArrayList<>();
    port.watch(heard::add);

    port.block(blockFor("10.1.2.3/16", Duration.ofMinutes(5)));
    port.block(blockFor(Block.subjectKey("alice"), Duration.ofMinutes(5)));

    assertThat(heard).extracting(Block::addressKey).containsExactly("10.1.0.0/16", "subject:alice");
  }

  @Test
  void aKeyThatIsNoAddressRangeOrSubjectIsRefusedClearly() {
    assertThatThrownBy(() -> port.block(blockFor("10.0.0.0/33", Duration.ofMinutes(5))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CIDR");
    assertThatThrownBy(() -> port.block(blockFor("example.com", Duration.ofMinutes(5))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> port.block(blockFor(Block.SUBJECT_PREFIX, Duration.ofMinutes(5))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(port.find("example.com")).isEmpty();
    assertThat(port.lift("10.0.0.0/33")).isFalse();
    assertThat(port.list()).isEmpty();
  }
}
