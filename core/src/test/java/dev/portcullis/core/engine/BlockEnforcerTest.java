package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.memory.InMemoryConnectionRegistry;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.core.testing.TestConnection;
import org.junit.jupiter.api.Test;

class BlockEnforcerTest {

  private static final TestConnection.Close BLOCKED = new TestConnection.Close(1008, "blocked");

  private final MutableClock clock = MutableClock.aligned();
  private final InMemoryBlockList blocks = new InMemoryBlockList(clock);
  private final InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry();

  private Block block(String key) {
    return new Block(key, "test", clock.instant(), clock.instant().plusSeconds(300));
  }

  @Test
  void aBlockClosesThatAddresssOpenConnectionsWithPolicyViolationAndNoOthers() {
    TestConnection first = TestConnection.from("c1", "203.0.113.5");
    TestConnection second = TestConnection.from("c2", "203.0.113.5");
    TestConnection bystander = TestConnection.from("c3", "198.51.100.7");
    registry.register(first);
    registry.register(second);
    registry.register(bystander);
    new BlockEnforcer(blocks, registry, Blocking.defaults());

    blocks.block(block("203.0.113.5"));

    assertThat(first.closes()).containsExactly(BLOCKED);
    assertThat(second.closes()).containsExactly(BLOCKED);
    assertThat(bystander.closes()).isEmpty();
  }

  @Test
  void blockingAnIpv6PrefixClosesEveryConnectionInsideIt() {
    TestConnection one = TestConnection.from("c1", "2001:db8:1:2::1");
    TestConnection two = TestConnection.from("c2", "2001:db8:1:2::2");
    TestConnection outside = TestConnection.from("c3", "2001:db8:1:3::1");
    registry.register(one);
    registry.register(two);
    registry.register(outside);
    new BlockEnforcer(blocks, registry, Blocking.defaults());

    blocks.block(block("2001:db8:1:2:0:0:0:0/64"));

    assertThat(one.closes()).containsExactly(BLOCKED);
    assertThat(two.closes()).containsExactly(BLOCKED);
    assertThat(outside.closes()).isEmpty();
  }

  @Test
  void blockingARangeClosesEverySocketInsideItOnIpv4AndIpv6() {
    TestConnection low = TestConnection.from("c1", "10.1.0.1");
    TestConnection high = TestConnection.from("c2", "10.1.255.254");
    TestConnection outside = TestConnection.from("c3", "10.2.0.1");
    TestConnection wideV6 = TestConnection.from("c4", "2001:db8:ff::9");
    TestConnection otherV6 = TestConnection.from("c5", "2001:db9::1");
    for (TestConnection c : new TestConnection[] {low, high, outside, wideV6, otherV6}) {
      registry.register(c);
    }
    new BlockEnforcer(blocks, registry, Blocking.defaults());

    blocks.block(block("10.1.0.0/16"));
    blocks.block(block("2001:db8::/32"));

    assertThat(low.closes()).containsExactly(BLOCKED);
    assertThat(high.closes()).containsExactly(BLOCKED);
    assertThat(wideV6.closes()).containsExactly(BLOCKED);
    assertThat(outside.closes()).isEmpty();
    assertThat(otherV6.closes()).isEmpty();
  }

  @Test
  void anAllowlistedAddressKeepsItsSocketsThroughAnAddressOrRangeBlock() {
    TestConnection office = TestConnection.from("c1", "10.0.0.7");
    TestConnection other = TestConnection.from("c2", "10.9.0.7");
    registry.register(office);
    registry.register(other);
    new BlockEnforcer(blocks, registry, Blocking.allowlist("10.0.0.0/24"));

    blocks.block(block("10.0.0.0/8"));
    blocks.block(block("10.0.0.7"));

    assertThat(office.closes()).isEmpty();
    assertThat(other.closes()).containsExactly(BLOCKED);
  }

  @Test
  void aSubjectBlockClosesThatSubjectsSocketsOnEveryAddressAllowlistedOrNot() {
    SignedInConnection home = SignedInConnection.of("c1", "203.0.113.5", "alice", "t1", clock.instant());
    SignedInConnection office = SignedInConnection.of("c2", "10.0.0.7", "alice", "t2", clock.instant());
    SignedInConnection bob = SignedInConnection.of("c3", "203.0.113.5", "bob", "t3", clock.instant());
    TestConnection anonymous = TestConnection.from("c4", "203.0.113.5");
    registry.register(home);
    registry.register(office);
    registry.register(bob);
    registry.register(anonymous);
    new BlockEnforcer(blocks, registry, Blocking.allowlist("10.0.0.0/24"));

    blocks.block(block(Block.subjectKey("alice")));

    assertThat(home.closes()).containsExactly(BLOCKED);
    assertThat(office.closes()).containsExactly(BLOCKED);
    assertThat(bob.closes()).isEmpty();
    assertThat(anonymous.closes()).isEmpty();
  }
}
