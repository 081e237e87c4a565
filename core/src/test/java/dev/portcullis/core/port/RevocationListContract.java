package dev.portcullis.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.model.Principal;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RevocationList} must do. An adapter's test extends this class and supplies the list. */
public abstract class RevocationListContract {

  protected MutableClock clock;
  protected RevocationList list;

  /** A fresh, empty revocation list reading time from {@code clock}. */
  protected abstract RevocationList newRevocationList(MutableClock clock);

  /**
   * Waits until {@code list} shows what was just revoked; a shared list's own node sees it at once, so
   * the default does nothing.
   */
  protected void settle() {
  }

  @BeforeEach
  void createList() {
    clock = MutableClock.aligned();
    list = newRevocationList(clock);
  }

  private Principal token(String subject, String jti, Instant issuedAt) {
    return new Principal(subject, null, Set.of(), jti, issuedAt, clock.instant().plus(Duration.ofHours(1)));
  }

  private Revocation ofToken(String jti, Duration keep) {
    return new Revocation(Revocation.Kind.TOKEN, jti, null, "leaked", clock.instant(), clock.instant().plus(keep));
  }

  private Revocation ofSubject(String subject, Instant issuedBefore, Duration keep) {
    return new Revocation(Revocation.Kind.SUBJECT, subject, issuedBefore, "reset", clock.instant(),
        clock.instant().plus(keep));
  }

  @Test
  void nothingIsRevokedAtFirst() {
    assertThat(list.isRevoked(token("alice", "jti-1", clock.instant()))).isFalse();
    assertThat(list.list()).isEmpty();
  }

  @Test
  void aRevokedTokenIdCoversThatTokenOnly() {
    list.revoke(ofToken("jti-1", Duration.ofMinutes(10)));
    settle();

    assertThat(list.isRevoked(token("alice", "jti-1", clock.instant()))).isTrue();
    assertThat(list.isRevoked(token("alice", "jti-2", clock.instant()))).isFalse();
    assertThat(list.isRevoked(token("alice", null, clock.instant()))).isFalse();
  }

  @Test
  void aSubjectRevocationCoversTokensIssuedBeforeItsTimeAndTokensWithoutIat() {
    Instant cut = clock.instant();
    list.revoke(ofSubject("alice", cut, Duration.ofHours(1)));
    settle();

    assertThat(list.isRevoked(token("alice", "a", cut.minusSeconds(1)))).isTrue();
    assertThat(list.isRevoked(token("alice", "b", null))).as("no iat: fail closed").isTrue();
    assertThat(list.isRevoked(token("alice", "c", cut))).isFalse();
    assertThat(list.isRevoked(token("alice", "d", cut.plusSeconds(5)))).isFalse();
    assertThat(list.isRevoked(token("bob", "e", cut.minusSeconds(1)))).isFalse();
  }

  @Test
  void aRevocationIsForgottenAtItsUntil() {
    list.revoke(ofToken("jti-1", Duration.ofMinutes(10)));
    list.revoke(ofSubject("alice", clock.instant(), Duration.ofMinutes(20)));
    settle();

    clock.advance(Duration.ofMinutes(10));
    assertThat(list.isRevoked(token("bob", "jti-1", clock.instant().minusSeconds(1)))).isFalse();
    assertThat(list.isRevoked(token("alice", "x", clock.instant().minusSeconds(3_600)))).isTrue();
    assertThat(list.list()).hasSize(1);

    clock.advance(Duration.ofMinutes(10));
    assertThat(list.isRevoked(token("alice", "x", clock.instant().minusSeconds(3_600)))).isFalse();
    assertThat(list.list()).isEmpty();
  }

  @Test
  void aSecondRevocationOfTheSameSubjectWidensItAndNeverNarrowsIt() {
    Instant early = clock.instant().minusSeconds(600);
    Instant late = clock.instant();
    list.revoke(ofSubject("alice", late, Duration.ofHours(2)));
    list.revoke(ofSubject("alice", early, Duration.ofHours(1)));
    settle();

    assertThat(list.isRevoked(token("alice", "a", late.minusSeconds(1)))).as("the later cut stays").isTrue();
    assertThat(list.list()).singleElement().satisfies(r -> {
      assertThat(r.issuedBefore()).isEqualTo(late);
      assertThat(r.until()).isEqualTo(late.plus(Duration.ofHours(2)));
    });

    Instant later = late.plusSeconds(60);
    list.revoke(ofSubject("alice", later, Duration.ofMinutes(5)));
    settle();
    assertThat(list.isRevoked(token("alice", "b", later.minusSeconds(1)))).isTrue();
    assertThat(list.list()).singleElement().extracting(Revocation::issuedBefore).isEqualTo(later);
  }

  @Test
  void theListHoldsLiveRevocationsSoonestToBeForgottenFirst() {
    Revocation late = ofToken("jti-late", Duration.ofMinutes(30));
    Revocation soon = ofSubject("alice", clock.instant(), Duration.ofMinutes(2));
    Revocation gone = ofToken("jti-gone", Duration.ofMinutes(1));
    list.revoke(late);
    list.revoke(soon);
    list.revoke(gone);
    settle();

    clock.advance(Duration.ofMinutes(1));

    assertThat(list.list()).containsExactly(soon, late);
  }

  @Test
  void everyWatcherHearsOfEveryNewRevocation() {
    List<Revocation> first = new CopyOnWriteArrayList<>();
    List<Revocation> second = new CopyOnWriteArrayList<>();
    list.watch(first::add);
    list.watch(second::add);
    Revocation a = ofToken("jti-1", Duration.ofMinutes(5));
    Revocation b = ofSubject("alice", clock.instant(), Duration.ofMinutes(5));

    list.revoke(a);
    list.revoke(b);

    assertThat(first).containsExactly(a, b);
    assertThat(second).containsExactly(a, b);
  }
}
