package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.BlockingConfig;
import dev.portcullis.core.event.AddressBlocked;
import dev.portcullis.core.event.AddressUnblocked;
import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.testing.Addresses;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.core.testing.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class AddressBlockerTest {

  private static final Duration BASE = Duration.ofSeconds(300);
  private static final DoubleSupplier NO_JITTER = () -> 0.0;

  private final MutableClock clock = MutableClock.aligned();
  private final InMemoryBlockList blocks = new InMemoryBlockList(clock);
  private final RecordingSink sink = new RecordingSink();

  private AddressBlocker blocker(BlockingConfig config, DoubleSupplier jitter) {
    return new AddressBlocker(blocks, new InMemoryRateLimiter(clock), config, new SecurityEvents(List.of(sink)), clock,
        jitter);
  }

  private static Duration lengthOf(Block block) {
    return Duration.between(block.since(), block.until());
  }

  @Test
  void aFirstBlockLastsTheBaseDuration() {
    Block block = blocker(Blocking.defaults(), NO_JITTER)
        .blockAutomatically(Addresses.client("203.0.113.5"), "failed_auth").orElseThrow();

    assertThat(lengthOf(block)).isEqualTo(BASE);
    assertThat(block.since()).isEqualTo(clock.instant());
    assertThat(blocks.find("203.0.113.5")).contains(block);
  }

  @Test
  void eachRepeatDoublesTheBlockUpToTheCap() {
    AddressBlocker blocker = blocker(Blocking.durations(BASE, Duration.ofSeconds(1000)), NO_JITTER);
    List<Duration> lengths = new ArrayList<>();

    for (int i = 0; i < 5; i++) {
      lengths.add(lengthOf(blocker.blockAutomatically(Addresses.client("203.0.113.5"), "flood").orElseThrow()));
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(lengths).containsExactly(BASE, BASE.multipliedBy(2), Duration.ofSeconds(1000),
        Duration.ofSeconds(1000), Duration.ofSeconds(1000));
  }

  @Test
  void manyRepeatsNeverOverflowPastTheCap() {
    AddressBlocker blocker = blocker(Blocking.defaults(), NO_JITTER);

    for (long offence : new long[] {10, 11, 40, 41, 64, 1000, Long.MAX_VALUE}) {
      assertThat(blocker.lengthOf(offence)).as("offence %d", offence).isEqualTo(Duration.ofSeconds(86_400));
    }
    assertThat(blocker.lengthOf(9)).isEqualTo(BASE.multipliedBy(256));
  }

  @Test
  void eachAddressHasItsOwnOffenceCount() {
    AddressBlocker blocker = blocker(Blocking.defaults(), NO_JITTER);
    blocker.blockAutomatically(Addresses.client("203.0.113.5"), "flood");

    Block other = blocker.blockAutomatically(Addresses.client("203.0.113.6"), "flood").orElseThrow();

    assertThat(lengthOf(other)).isEqualTo(BASE);
  }

  @Test
  void offencesOlderThanTheOffenceMemoryAreForgiven() {
    AddressBlocker blocker = blocker(Blocking.defaults(), NO_JITTER);
    blocker.blockAutomatically(Addresses.client("203.0.113.5"), "flood");

    clock.advance(AddressBlocker.OFFENCE_MEMORY.multipliedBy(2));
    Block later = blocker.blockAutomatically(Addresses.client("203.0.113.5"), "flood").orElseThrow();

    assertThat(lengthOf(later)).isEqualTo(BASE);
  }

  @Test
  void fullJitterAddsExactlyTenPercent() {
    Block block = blocker(Blocking.defaults(), () -> 1.0)
        .blockAutomatically(Addresses.client("203.0.113.5"), "flood").orElseThrow();

    assertThat(lengthOf(block)).isEqualTo(Duration.ofSeconds(330));
  }

  @Test
  void randomJitterAddsAtMostTenPercentAndNeverPassesTheCap() {
    SplittableRandom random = new SplittableRandom(42);
    AddressBlocker blocker = blocker(Blocking.durations(BASE, Duration.ofSeconds(1000)), random::nextDouble);

    for (int i = 0; i < 1000; i++) {
      assertThat(blocker.lengthOf(1)).isBetween(BASE, Duration.ofSeconds(330));
      assertThat(blocker.lengthOf(3)).isEqualTo(Duration.ofSeconds(1000));
    }
  }

  @Test
  void anAllowListedAddressIsNeverBlocked() {
    AddressBlocker blocker = blocker(Blocking.allowlist("10.0.0.0/8"), NO_JITTER);

    assertThat(blocker.blockAutomatically(Addresses.client("10.9.8.7"), "flood")).isEmpty();
    assertThat(blocks.find("10.9.8.7")).isEmpty();
    assertThat(sink.events()).isEmpty();
  }

  @Test
  void aBlockIsPublishedWithItsEndAndOffenceNumber() {
    AddressBlocker blocker = blocker(Blocking.defaults(), NO_JITTER);
    blocker.blockAutomatically(Addresses.client("203.0.113.5"), "flood");
    Block second = blocker.blockAutomatically(Addresses.client("203.0.113.5"), "flood").orElseThrow();

    assertThat(sink.eventsOf(AddressBlocked.class)).last().isEqualTo(
        new AddressBlocked(clock.instant(), "203.0.113.5", "flood", second.until(), 2));
  }

  @Test
  void liftingABlockPublishesAddressUnblocked() {
    AddressBlocker blocker = blocker(Blocking.defaults(), NO_JITTER);
    blocker.blockAutomatically(Addresses.client("203.0.113.5"), "flood");
    clock.advance(Duration.ofSeconds(5));

    boolean lifted = blocker.lift("203.0.113.5", "operator alice");

    assertThat(lifted).isTrue();
    assertThat(blocks.find("203.0.113.5")).isEmpty();
    assertThat(sink.eventsOf(AddressUnblocked.class))
        .containsExactly(new AddressUnblocked(clock.instant(), "203.0.113.5", "operator alice"));
  }

  @Test
  void liftingAnAddressThatIsNotBlockedPublishesNothing() {
    assertThat(blocker(Blocking.defaults(), NO_JITTER).lift("203.0.113.5", "operator")).isFalse();
    assertThat(sink.events()).isEmpty();
  }

  @Test
  void aBackgroundBlockRunsOnTheGivenExecutorNotOnTheCaller() {
    List<Runnable> handedOver = new ArrayList<>();
    AddressBlocker background = new AddressBlocker(blocks, new InMemoryRateLimiter(clock), Blocking.defaults(),
        new SecurityEvents(List.of(sink)), clock, NO_JITTER, handedOver::add);

    assertThat(background.blockInBackground(Addresses.client("203.0.113.5"), "too_many_violations")).isTrue();
    assertThat(blocks.find("203.0.113.5")).as("nothing blocked on the caller's thread").isEmpty();

    handedOver.forEach(Runnable::run);
    assertThat(blocks.find("203.0.113.5")).hasValueSatisfying(b -> assertThat(b.reason()).isEqualTo("too_many_violations"));
  }

  @Test
  void aBackgroundBlockIsNeverHandedOverForAnAllowListedAddress() {
    List<Runnable> handedOver = new ArrayList<>();
    AddressBlocker background = new AddressBlocker(blocks, new InMemoryRateLimiter(clock),
        Blocking.allowlist("10.0.0.0/8"), new SecurityEvents(List.of(sink)), clock, NO_JITTER, handedOver::add);

    assertThat(background.blockInBackground(Addresses.client("10.1.2.3"), "too_many_violations")).isFalse();
    assertThat(handedOver).isEmpty();
  }
}
