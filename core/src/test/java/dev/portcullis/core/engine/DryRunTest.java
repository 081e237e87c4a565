package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.config.ConfigurationException;
import dev.portcullis.core.policy.PolicyId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DryRunTest {

  private final List<PolicyId> known = List.of(PolicyId.of("origin"), PolicyId.of("message-rate"));

  @Test
  void appliesToTheNamedPoliciesOfEitherPath() {
    DryRun dryRun = new DryRun(Set.of("message-rate"), known);

    assertThat(dryRun.applies(PolicyId.of("message-rate"))).isTrue();
    assertThat(dryRun.applies(PolicyId.of("origin"))).isFalse();
  }

  @Test
  void allAppliesToEveryPolicy() {
    assertThat(new DryRun(Set.of("all"), known).applies(PolicyId.of("origin"))).isTrue();
  }

  @Test
  void anUnknownNameStopsStartUpNamingTheVariableAndTheKnownIds() {
    assertThatThrownBy(() -> new DryRun(Set.of("orgin"), known))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WS_DRY_RUN")
        .hasMessageContaining("'orgin' is not a policy")
        .hasMessageContaining("message-rate, origin");
  }
}
