package dev.portcullis.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminLockoutTest {

  private final MutableClock clock = MutableClock.aligned();
  private final AdminLockout lockout = new AdminLockout(3, Duration.ofSeconds(300), clock);

  @Test
  void locksOutAtTheLimitUntilTheWindowOfTheFirstFailureEnds() {
    lockout.failed("198.51.100.7");
    clock.advance(Duration.ofSeconds(100));
    lockout.failed("198.51.100.7");
    assertThat(lockout.remaining("198.51.100.7")).isEmpty();
    lockout.failed("198.51.100.7");

    assertThat(lockout.remaining("198.51.100.7")).hasValue(Duration.ofSeconds(200));
    assertThat(lockout.remaining("198.51.100.8")).isEmpty();
    clock.advance(Duration.ofSeconds(200));
    assertThat(lockout.remaining("198.51.100.7")).isEmpty();
  }

  @Test
  void startsAFreshWindowAfterTheOldOneEnded() {
    lockout.failed("198.51.100.7");
    lockout.failed("198.51.100.7");
    clock.advance(Duration.ofSeconds(300));
    lockout.failed("198.51.100.7");
    lockout.failed("198.51.100.7");
    assertThat(lockout.remaining("198.51.100.7")).as("two failures in the new window").isEmpty();
  }
}
