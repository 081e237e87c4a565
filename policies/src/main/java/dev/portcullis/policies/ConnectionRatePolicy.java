package dev.portcullis.policies;

import dev.portcullis.core.config.ConnectionConfig;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.RateRule;
import dev.portcullis.core.port.Reservation;
import dev.portcullis.core.port.Reserved;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Function;

/**
 * Counts connection attempts per address ({@code WS_MAX_CONNECTIONS_PER_IP} per sliding 60 s) and
 * refuses the excess with {@code 429 rate_limited} and the {@code RateLimit-*} headers. An address that
 * keeps knocking is slowed down: the n-th refused attempt inside the window is answered only after
 * {@code 250 ms * 2^(n-2)}, capped at {@link #MAX_DELAY}, so a client in a tight reconnect loop costs
 * little and learns to back off. The attempt and, when refused, the refusal count are one reservation,
 * which the pipeline commits with the handshake's others (on Redis, one script). Thread-safe.
 */
public final class ConnectionRatePolicy implements ConnectionPolicy {

  public static final PolicyId ID = PolicyId.of("connection-rate");
  static final Duration BASE_DELAY = Duration.ofMillis(250);
  static final Duration MAX_DELAY = Duration.ofSeconds(5);
  /** Refused attempts are counted up to this many; the delay reaches its cap well before. */
  private static final long COUNTED_REFUSALS = 16;

  private static final Function<Reserved, Verdict> JUDGE = ConnectionRatePolicy::judge;
  private final RateRule attempts;
  private final RateRule refusals;

  @Inject
  public ConnectionRatePolicy(ConnectionConfig connections) {
    this.attempts = new RateRule("attempts", connections.maxAttemptsPerAddress(), ConnectionConfig.ATTEMPT_WINDOW);
    this.refusals = new RateRule("attempts-refused", COUNTED_REFUSALS, ConnectionConfig.ATTEMPT_WINDOW);
  }

  @Override
  public PolicyId id() {
    return ID;
  }

  @Override
  public PolicyKind kind() {
    return PolicyKind.LIMIT;
  }

  @Override
  public int order() {
    return 400;
  }

  @Override
  public Verdict evaluate(HandshakeContext context) {
    String key = context.request().client().key();
    return Verdict.reserve(Reservation.attempt(attempts, key, 1).countingRefusals(refusals), JUDGE);
  }

  private static Verdict judge(Reserved reserved) {
    Reserved.Counted attempt = (Reserved.Counted) reserved;
    if (attempt.granted()) {
      return Verdict.allow();
    }
    return RateLimitHeaders.refusal(attempt.decision()).answeredAfter(delayFor(attempt.refusals()));
  }

  /** No delay for the first refusal, then 250 ms, 500 ms, 1 s, ... up to the cap. */
  static Duration delayFor(long refusal) {
    if (refusal < 2) {
      return Duration.ZERO;
    }
    long shift = Math.min(refusal - 2, 16);
    Duration delay = BASE_DELAY.multipliedBy(1L << shift);
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }
}
