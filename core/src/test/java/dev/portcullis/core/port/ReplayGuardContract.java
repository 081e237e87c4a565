package dev.portcullis.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.testing.Concurrently;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ReplayGuard} must do. An adapter's test extends this class and supplies the guard. */
public abstract class ReplayGuardContract {

  protected static final Duration WINDOW = Duration.ofMinutes(5);

  protected MutableClock clock;
  protected ReplayGuard guard;

  /** A fresh guard that has seen nothing, reading time from {@code clock}. */
  protected abstract ReplayGuard newReplayGuard(MutableClock clock);

  @BeforeEach
  void createGuard() {
    clock = MutableClock.aligned();
    guard = newReplayGuard(clock);
  }

  @Test
  void anIdIsFirstSeenOnceAndAReplayIsRefused() {
    assertThat(guard.firstSeen("user-1", "msg-1", WINDOW)).isTrue();
    assertThat(guard.firstSeen("user-1", "msg-1", WINDOW)).isFalse();
  }

  @Test
  void aReplayIsRefusedUntilTheEndOfTheWindow() {
    guard.firstSeen("user-1", "msg-1", WINDOW);

    clock.advance(WINDOW.minusMillis(1));

    assertThat(guard.firstSeen("user-1", "msg-1", WINDOW)).isFalse();
  }

  @Test
  void anIdIsForgottenAfterTheWindow() {
    guard.firstSeen("user-1", "msg-1", WINDOW);

    clock.advance(WINDOW.plusSeconds(1));

    assertThat(guard.firstSeen("user-1", "msg-1", WINDOW)).isTrue();
    assertThat(guard.firstSeen("user-1", "msg-1", WINDOW)).as("and remembered again").isFalse();
  }

  @Test
  void subjectsHaveTheirOwnIds() {
    guard.firstSeen("user-1", "msg-1", WINDOW);

    assertThat(guard.firstSeen("user-2", "msg-1", WINDOW)).isTrue();
  }

  @Test
  void differentIdsOfOneSubjectAreEachNew() {
    guard.firstSeen("user-1", "msg-1", WINDOW);

    assertThat(guard.firstSeen("user-1", "msg-2", WINDOW)).isTrue();
  }

  @Test
  void subjectAndIdAreNotConfusedByWhereTheyJoin() {
    guard.firstSeen("user-1:a", "b", WINDOW);

    assertThat(guard.firstSeen("user-1", "a:b", WINDOW)).isTrue();
  }

  @Test
  void onlyOneOfEightRacingThreadsSeesAnIdFirst() throws Exception {
    AtomicInteger firsts = new AtomicInteger();

    Concurrently.run(8, thread -> {
      for (int i = 0; i < 200; i++) {
        if (guard.firstSeen("user-1", "msg-" + i, WINDOW)) {
          firsts.incrementAndGet();
        }
      }
    });

    assertThat(firsts).hasValue(200);
  }
}
