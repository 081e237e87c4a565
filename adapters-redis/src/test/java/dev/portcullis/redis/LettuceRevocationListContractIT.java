package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link LettuceRevocationList} keeps the core's {@code RevocationListContract} against a real
 * redis-server, and shares revocations between two nodes on it.
 */
class LettuceRevocationListContractIT extends RevocationListContract {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension();

  @Override
  protected RevocationList newRevocationList(MutableClock clock) {
    return new LettuceRevocationList(redis.node(clock));
  }

  private static Principal token(String subject, String jti, Instant issuedAt) {
    return new Principal(subject, null, Set.of(), jti, issuedAt, issuedAt.plus(Duration.ofHours(1)));
  }

  @Test
  void aRevocationMadeOnOneNodeIsHeardAndEnforcedOnAnother() {
    LettuceRevocationList onA = new LettuceRevocationList(redis.node(clock));
    LettuceRevocationList onB = new LettuceRevocationList(redis.node(clock));
    List<Revocation> heardOnB = new CopyOnWriteArrayList<>();
    onB.watch(heardOnB::add);
    Instant now = clock.instant();
    Revocation revocation = new Revocation(Revocation.Kind.TOKEN, "jti-shared", null, "leaked", now,
        now.plus(Duration.ofMinutes(10)));

    onA.revoke(revocation);

    Eventually.within(WAIT, () -> assertThat(onB.isRevoked(token("alice", "jti-shared", now))).isTrue());
    // the mirror takes the revocation before the watchers hear of it, on the node's Redis thread
    Eventually.within(WAIT, () -> assertThat(heardOnB).containsExactly(revocation));
  }

  @Test
  void aNodeThatStartsLaterLoadsTheRevocationsInForce() {
    LettuceRevocationList onA = new LettuceRevocationList(redis.node(clock));
    Instant now = clock.instant();
    onA.revoke(new Revocation(Revocation.Kind.SUBJECT, "bob", now, "reset", now, now.plus(Duration.ofMinutes(10))));
    LettuceRevocationList later = new LettuceRevocationList(redis.node(clock));

    Eventually.within(WAIT, () -> assertThat(later.isRevoked(token("bob", "x", now.minusSeconds(1)))).isTrue());
    assertThat(later.isRevoked(token("bob", "y", now))).isFalse();
  }

  @Test
  void revocationsOfOneSubjectOnTwoNodesMergeIntoTheWidestOnBoth() {
    LettuceRevocationList onA = new LettuceRevocationList(redis.node(clock));
    LettuceRevocationList onB = new LettuceRevocationList(redis.node(clock));
    Instant now = clock.instant();
    onA.revoke(new Revocation(Revocation.Kind.SUBJECT, "carol", now, "a", now, now.plus(Duration.ofMinutes(5))));
    onB.revoke(new Revocation(Revocation.Kind.SUBJECT, "carol", now.minusSeconds(60), "b", now,
        now.plus(Duration.ofMinutes(50))));

    for (LettuceRevocationList node : List.of(onA, onB)) {
      Eventually.within(WAIT, () -> assertThat(node.list()).singleElement().satisfies(r -> {
        assertThat(r.issuedBefore()).isEqualTo(now);
        assertThat(r.until()).isEqualTo(now.plus(Duration.ofMinutes(50)));
      }));
    }
  }

  @Test
  void aBodyRoundTripsWhateverItsValueAndReasonHold() {
    Instant now = Instant.parse("2030-01-01T00:00:00.123456789Z");
    Revocation odd = new Revocation(Revocation.Kind.SUBJECT, "we\nird{sub}", now, "line\none\n", now,
        now.plusSeconds(5));

    assertThat(LettuceRevocationList.decode(LettuceRevocationList.encode(odd))).contains(odd);
    assertThat(LettuceRevocationList.decode("TOKEN\nnot-a-time\n")).isEmpty();
  }
}
