package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.memory.InMemoryConnectionRegistry;
import dev.portcullis.core.memory.InMemoryRevocationList;
import dev.portcullis.core.port.Revocation;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.core.testing.TestConnection;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RevocationEnforcerTest {

  private static final TestConnection.Close REVOKED = new TestConnection.Close(1008, "revoked");

  private final MutableClock clock = MutableClock.aligned();
  private final InMemoryRevocationList revocations = new InMemoryRevocationList(clock);
  private final InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry();
  private final Instant now = clock.instant();

  @Test
  void revokingATokenClosesTheSocketsHoldingItAndNoOthers() {
    SignedInConnection holder = SignedInConnection.of("c1", "203.0.113.5", "alice", "jti-1", now);
    SignedInConnection sameSubjectOtherToken = SignedInConnection.of("c2", "203.0.113.5", "alice", "jti-2", now);
    TestConnection anonymous = TestConnection.from("c3", "203.0.113.5");
    registry.register(holder);
    registry.register(sameSubjectOtherToken);
    registry.register(anonymous);
    new RevocationEnforcer(revocations, registry);

    revocations.revoke(new Revocation(Revocation.Kind.TOKEN, "jti-1", null, "leaked", now, now.plusSeconds(600)));

    assertThat(holder.closes()).containsExactly(REVOKED);
    assertThat(sameSubjectOtherToken.closes()).isEmpty();
    assertThat(anonymous.closes()).isEmpty();
  }

  @Test
  void revokingASubjectClosesItsSocketsIssuedBeforeTheTimeAndThoseThatDoNotSayWhen() {
    SignedInConnection old = SignedInConnection.of("c1", "203.0.113.5", "alice", "a", now.minusSeconds(60));
    SignedInConnection undated = SignedInConnection.of("c2", "10.0.0.7", "alice", "b", null);
    SignedInConnection fresh = SignedInConnection.of("c3", "203.0.113.5", "alice", "c", now.plusSeconds(1));
    SignedInConnection bob = SignedInConnection.of("c4", "203.0.113.5", "bob", "d", now.minusSeconds(60));
    registry.register(old);
    registry.register(undated);
    registry.register(fresh);
    registry.register(bob);
    new RevocationEnforcer(revocations, registry);

    revocations.revoke(new Revocation(Revocation.Kind.SUBJECT, "alice", now, "password reset", now,
        now.plusSeconds(3_600)));

    assertThat(old.closes()).containsExactly(REVOKED);
    assertThat(undated.closes()).containsExactly(REVOKED);
    assertThat(fresh.closes()).isEmpty();
    assertThat(bob.closes()).isEmpty();
  }
}
