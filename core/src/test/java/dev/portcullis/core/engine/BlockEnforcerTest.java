package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.memory.InMemoryConnectionRegistry;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.core.testing.TestConnection;
import org.junit.jupiter.api.Test;

class BlockEnforcerTest {

  private final MutableClock clock = MutableClock.aligned();
  private final InMemoryBlockList blocks = new InMemoryBlockList(clock);
  private final InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry();

  @Test
  void aBlockClosesThatAddresssOpenConnectionsWithPolicyViolationAndNoOthers() {
    TestConnection first = TestConnection.from("c1", "203.0.113.5");
    TestConnection second = TestConnection.from("c2", "203.0.113.5");
    TestConnection bystander = TestConnection.from("c3", "198.51.100.7");
    registry.register(first);
    registry.register(second);
    registry.register(bystander);
    new BlockEnforcer(blocks, registry);

    blocks.block(new Block("203.0.113.5", "flood", clock.instant(), clock.instant().plusSeconds(300)));

    assertThat(first.closes()).containsExactly(new TestConnection.Close(1008, "blocked"));
    assertThat(second.closes()).containsExactly(new TestConnection.Close(1008, "blocked"));
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
    new BlockEnforcer(blocks, registry);

    blocks.block(new Block("2001:db8:1:2:0:0:0:0/64", "flood", clock.instant(), clock.instant().plusSeconds(300)));

    assertThat(one.closes()).hasSize(1);
    assertThat(two.closes()).hasSize(1);
    assertThat(outside.closes()).isEmpty();
  }
}
