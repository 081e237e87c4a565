package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SubjectBlockPolicyTest {

  private final MutableClock clock = MutableClock.aligned();
  private final InMemoryBlockList blocks = new InMemoryBlockList(clock);
  private final SubjectBlockPolicy policy = new SubjectBlockPolicy(blocks, clock);

  private static HandshakeContext signedIn(String address, String subject) {
    HandshakeContext context = Handshakes.from(address);
    context.authenticated(Principal.untokened(subject));
    return context;
  }

  @Test
  void refusesABlockedSubjectOnAnyAddressWithTheSecondsLeft() {
    blocks.block(new Block(Block.subjectKey("alice"), "abuse", clock.instant(), clock.instant().plusSeconds(300)));
    clock.advance(Duration.ofMillis(100_500));

    for (String address : new String[] {"203.0.113.5", "198.51.100.9", "2001:db8::1"}) {
      assertThat(policy.evaluate(signedIn(address, "alice"))).isInstanceOfSatisfying(Verdict.Refuse.class, r -> {
        assertThat(r.code()).isEqualTo("blocked");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.headers()).containsEntry("Retry-After", "200");
      });
    }
  }

  @Test
  void admitsOtherSubjectsAnonymousClientsAndTheSubjectOnceItsBlockEnds() {
    blocks.block(new Block(Block.subjectKey("alice"), "abuse", clock.instant(), clock.instant().plusSeconds(300)));

    assertThat(policy.evaluate(signedIn("203.0.113.5", "bob"))).isEqualTo(Verdict.allow());
    assertThat(policy.evaluate(Handshakes.from("203.0.113.5"))).isEqualTo(Verdict.allow());

    clock.advance(Duration.ofSeconds(300));
    assertThat(policy.evaluate(signedIn("203.0.113.5", "alice"))).isEqualTo(Verdict.allow());
  }

  @Test
  void isAGuardSoTheAllowlistDoesNotExemptIt() {
    assertThat(policy.kind()).isEqualTo(PolicyKind.GUARD);
    assertThat(policy.kind().exemptForAllowlisted()).isFalse();
  }
}
