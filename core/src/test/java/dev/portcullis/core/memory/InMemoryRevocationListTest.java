package dev.portcullis.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.Revocation;
import dev.portcullis.core.port.RevocationList;
import dev.portcullis.core.port.RevocationListContract;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InMemoryRevocationListTest extends RevocationListContract {

  @Override
  protected RevocationList newRevocationList(MutableClock clock) {
    return new InMemoryRevocationList(clock);
  }

  private Revocation ofToken(String jti, Duration keep) {
    Instant now = clock.instant();
    return new Revocation(Revocation.Kind.TOKEN, jti, null, "test", now, now.plus(keep));
  }

  @Test
  void aFullListRefusesANewRevocationButStillWidensOneItHolds() {
    InMemoryRevocationList small = new InMemoryRevocationList(clock, 2);
    small.revoke(ofToken("a", Duration.ofMinutes(5)));
    small.revoke(ofToken("b", Duration.ofMinutes(5)));

    assertThatThrownBy(() -> small.revoke(ofToken("c", Duration.ofMinutes(5))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("maximum of 2");
    small.revoke(ofToken("a", Duration.ofMinutes(50)));

    assertThat(small.list()).extracting(Revocation::value).containsExactly("b", "a");
  }

  @Test
  void aFullListMakesRoomAsRevocationsAreForgotten() {
    InMemoryRevocationList small = new InMemoryRevocationList(clock, 1);
    small.revoke(ofToken("a", Duration.ofMinutes(5)));

    clock.advance(Duration.ofMinutes(5));
    small.revoke(ofToken("b", Duration.ofMinutes(5)));

    assertThat(small.list()).extracting(Revocation::value).containsExactly("b");
    assertThat(small.size()).isEqualTo(1);
  }

  @Test
  void aThrowingWatcherDoesNotStopTheRevocationOrTheOtherWatchers() {
    InMemoryRevocationList revocations = new InMemoryRevocationList(clock);
    List<Revocation> heard = new CopyOnWriteArrayList<>();
    revocations.watch(r -> {
      throw new IllegalStateException("broken watcher");
    });
    revocations.watch(heard::add);
    Revocation revocation = ofToken("jti-1", Duration.ofMinutes(5));

    revocations.revoke(revocation);

    assertThat(revocations.isRevoked(new Principal("alice", null, Set.of(), "jti-1", null, null))).isTrue();
    assertThat(heard).containsExactly(revocation);
  }
}
