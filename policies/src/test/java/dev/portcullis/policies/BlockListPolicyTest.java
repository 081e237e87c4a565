package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BlockListPolicyTest {

  private final MutableClock clock = MutableClock.aligned();
  private final InMemoryBlockList blocks = new InMemoryBlockList(clock);
  private final BlockListPolicy policy = new BlockListPolicy(blocks, clock);

  @Test
  void admitsAnAddressThatIsNotBlocked() {
    assertThat(policy.evaluate(Handshakes.from("203.0.113.5"))).isEqualTo(Verdict.allow());
  }

  @Test
  void refusesABlockedAddressWithTheSecondsLeft() {
    blocks.block(new Block("203.0.113.5", "test", clock.instant(), clock.instant().plusSeconds(300)));
    clock.advance(Duration.ofMillis(100_500));

    Verdict verdict = policy.evaluate(Handshakes.from("203.0.113.5"));

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Refuse.class, r -> {
      assertThat(r.code()).isEqualTo("blocked");
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.headers()).containsEntry("Retry-After", "200");
    });
  }

  @Test
  void admitsAgainOnceTheBlockHasExpired() {
    blocks.block(new Block("203.0.113.5", "test", clock.instant(), clock.instant().plusSeconds(300)));
    clock.advance(Duration.ofSeconds(300));

    assertThat(policy.evaluate(Handshakes.from("203.0.113.5"))).isEqualTo(Verdict.allow());
  }

  @Test
  void blocksAWholeIpv6PrefixThroughItsKey() {
    blocks.block(new Block("2001:db8:1:2:0:0:0:0/64", "test", clock.instant(), clock.instant().plusSeconds(60)));

    assertThat(policy.evaluate(Handshakes.from("2001:db8:1:2::77"))).isInstanceOf(Verdict.Refuse.class);
    assertThat(policy.evaluate(Handshakes.from("2001:db8:1:3::77"))).isEqualTo(Verdict.allow());
  }

  @Test
  void refusesAnAddressInsideABlockedRangeAndAdmitsOneOutsideIt() {
    blocks.block(new Block("198.51.100.0/24", "test", clock.instant(), clock.instant().plusSeconds(60)));
    blocks.block(new Block("2001:db8::/32", "test", clock.instant(), clock.instant().plusSeconds(60)));

    assertThat(policy.evaluate(Handshakes.from("198.51.100.200"))).isInstanceOfSatisfying(Verdict.Refuse.class,
        r -> assertThat(r.headers()).containsEntry("Retry-After", "60"));
    assertThat(policy.evaluate(Handshakes.from("2001:db8:aa:bb::1"))).isInstanceOf(Verdict.Refuse.class);
    assertThat(policy.evaluate(Handshakes.from("198.51.101.1"))).isEqualTo(Verdict.allow());
    assertThat(policy.evaluate(Handshakes.from("2001:db9::1"))).isEqualTo(Verdict.allow());
  }

  @Test
  void aSubjectBlockIsNotAnAddressBlock() {
    blocks.block(new Block(Block.subjectKey("alice"), "test", clock.instant(), clock.instant().plusSeconds(60)));

    assertThat(policy.evaluate(Handshakes.from("203.0.113.5"))).isEqualTo(Verdict.allow());
  }
}
