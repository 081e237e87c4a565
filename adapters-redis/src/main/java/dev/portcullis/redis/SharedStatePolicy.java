package dev.portcullis.redis;

import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import java.time.Duration;

/**
 * {@code WS_REDIS_FAILURE_MODE=closed}: while Redis is out of reach, refuses every new connection with
 * {@code 503 unavailable} and a {@code Retry-After}, at once and without trying Redis. Runs after the
 * block list (answered from the local mirror) and the origin check, which need no shared state, and
 * before the first policy that does. In the other modes it allows everything. Applies to allow-listed
 * addresses too: the fleet cannot count anyone's connections. Thread-safe.
 */
public final class SharedStatePolicy implements ConnectionPolicy {

  public static final PolicyId ID = PolicyId.of("shared-state");
  static final Verdict.Refuse UNAVAILABLE = Verdict.refuse("unavailable", 503);
  /** A Redis outage the breaker noticed lasts at least this long; a client should not come back sooner. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  private final RedisState state;
  private final Verdict.Refuse refusal;

  public SharedStatePolicy(RedisState state) {
    this.state = state;
    this.refusal = UNAVAILABLE.retryAfter(RETRY_AFTER);
  }

  @Override
  public PolicyId id() {
    return ID;
  }

  @Override
  public PolicyKind kind() {
    return PolicyKind.GUARD;
  }

  @Override
  public int order() {
    return 250;
  }

  @Override
  public Verdict evaluate(HandshakeContext context) {
    if (state.failureMode() == RedisFailureMode.CLOSED && state.degraded()) {
      return refusal;
    }
    return Verdict.allow();
  }
}
