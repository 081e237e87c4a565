package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import org.junit.jupiter.api.Test;

/** {@code WS_ALLOWLIST}: trusted ranges skip limits and blocks, never guards. */
class HandshakePipelineAllowlistTest extends PipelineFixture {

  private final TestPolicy blockList = TestPolicy.of("block-list", PolicyKind.BLOCK, 100,
      c -> Verdict.refuse("blocked", 403));
  private final TestPolicy rate = TestPolicy.of("connection-rate", PolicyKind.LIMIT, 400,
      c -> Verdict.refuse("rate_limited", 429));
  private final TestPolicy auth = TestPolicy.of("auth", PolicyKind.GUARD, 500,
      c -> Verdict.refuse("unauthorized", 401));

  @Test
  void anAllowListedAddressSkipsLimitAndBlockPoliciesButNotGuards() throws Exception {
    HandshakeOutcome outcome = await(pipeline(Blocking.allowlist("10.0.0.0/8"), blockList, rate, auth)
        .evaluate(from("10.1.2.3")));

    assertThat(outcome).isEqualTo(new HandshakeOutcome.Refused(Verdict.refuse("unauthorized", 401)));
    assertThat(blockList.runs()).isZero();
    assertThat(rate.runs()).isZero();
    assertThat(auth.runs()).isEqualTo(1);
  }

  @Test
  void anAddressOutsideTheAllowListMeetsEveryPolicy() throws Exception {
    HandshakeOutcome outcome = await(pipeline(Blocking.allowlist("10.0.0.0/8"), blockList, rate, auth)
        .evaluate(from("11.1.2.3")));

    assertThat(outcome).isEqualTo(new HandshakeOutcome.Refused(Verdict.refuse("blocked", 403)));
  }

  @Test
  void anAllowListedIpv6AddressIsMatchedByTheAddressItUsedNotItsPrefixKey() throws Exception {
    TestPolicy allowingAuth = TestPolicy.allowing("auth", 500);

    HandshakeOutcome outcome = await(pipeline(Blocking.allowlist("2001:db8:1:2::5/128"), blockList, allowingAuth)
        .evaluate(from("2001:db8:1:2::5")));
    HandshakeOutcome neighbour = await(pipeline(Blocking.allowlist("2001:db8:1:2::5/128"), blockList, allowingAuth)
        .evaluate(from("2001:db8:1:2::6")));

    assertThat(outcome).isInstanceOf(HandshakeOutcome.Admitted.class);
    assertThat(neighbour).isInstanceOf(HandshakeOutcome.Refused.class);
  }
}
