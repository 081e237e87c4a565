package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.event.AddressBlocked;
import dev.portcullis.core.event.AuthenticationFailed;
import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.testing.Addresses;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.core.testing.RecordingSink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code WS_MAX_FAILED_AUTH} (5) failures inside {@code WS_FAILED_AUTH_WINDOW} (300 s) block the address. */
class FailedAuthTrackerTest {

  private static final ClientAddress CLIENT = Addresses.client("203.0.113.5");

  private final MutableClock clock = MutableClock.aligned();
  private final InMemoryBlockList blocks = new InMemoryBlockList(clock);
  private final RecordingSink sink = new RecordingSink();
  private final FailedAuthTracker tracker = tracker();

  private FailedAuthTracker tracker() {
    InMemoryRateLimiter counters = new InMemoryRateLimiter(clock);
    SecurityEvents events = new SecurityEvents(List.of(sink));
    AddressBlocker blocker = new AddressBlocker(blocks, counters, Blocking.defaults(), events, clock, () -> 0.0);
    return new FailedAuthTracker(counters, blocker, events, Blocking.defaults(), clock);
  }

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertThat(tracker.failed(CLIENT, AuthFailure.BAD_SIGNATURE, "header")).as("failure %d", i + 1).isFalse();
    }
  }

  @Test
  void fourFailuresDoNotBlock() {
    fail(4);

    assertThat(blocks.find(CLIENT.key())).isEmpty();
  }

  @Test
  void theFifthFailureInsideTheWindowBlocks() {
    fail(4);
    clock.advance(Duration.ofSeconds(200));

    boolean blocked = tracker.failed(CLIENT, AuthFailure.EXPIRED, "query");

    assertThat(blocked).isTrue();
    assertThat(blocks.find(CLIENT.key())).hasValueSatisfying(b -> assertThat(b.reason()).isEqualTo("failed_auth"));
  }

  @Test
  void failuresFromBeforeTheWindowDoNotAccumulate() {
    // Late in one fixed window, so that 301 s later the sliding window gives them no weight at all.
    clock.advance(Duration.ofSeconds(299));
    fail(4);

    clock.advance(Duration.ofSeconds(301));
    fail(4);

    assertThat(blocks.find(CLIENT.key())).isEmpty();
  }

  @Test
  void eachFailurePublishesAuthenticationFailedWithItsReasonButNeverAToken() {
    fail(2);
    tracker.failed(CLIENT, AuthFailure.MISSING, "none");

    assertThat(sink.eventsOf(AuthenticationFailed.class)).containsExactly(
        new AuthenticationFailed(clock.instant(), "203.0.113.5", "bad_signature", "header"),
        new AuthenticationFailed(clock.instant(), "203.0.113.5", "bad_signature", "header"),
        new AuthenticationFailed(clock.instant(), "203.0.113.5", "missing", "none"));
  }

  @Test
  void theBlockingFailureIsPublishedBeforeTheBlock() {
    fail(4);
    tracker.failed(CLIENT, AuthFailure.MALFORMED, "header");

    assertThat(sink.events()).hasSize(6);
    assertThat(sink.events().get(4)).isInstanceOf(AuthenticationFailed.class);
    assertThat(sink.events().get(5)).isInstanceOfSatisfying(AddressBlocked.class,
        b -> assertThat(b.reason()).isEqualTo("failed_auth"));
  }

  @Test
  void anAddressStartsCountingAfreshAfterItsBlock() {
    fail(4);
    tracker.failed(CLIENT, AuthFailure.MALFORMED, "header");
    clock.advance(Duration.ofSeconds(10));

    fail(4);

    assertThat(sink.eventsOf(AddressBlocked.class)).hasSize(1);
  }

  @Test
  void failuresOfOneAddressDoNotCountAgainstAnother() {
    fail(4);

    boolean other = tracker.failed(Addresses.client("203.0.113.6"), AuthFailure.EXPIRED, "header");

    assertThat(other).isFalse();
    assertThat(blocks.list()).isEmpty();
  }
}
