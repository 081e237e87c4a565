package dev.portcullis.policies;

import dev.portcullis.core.config.ConnectionConfig;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.Reservation;
import dev.portcullis.core.port.Reserved;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Function;

/**
 * Holds one of the address's {@code WS_MAX_CONCURRENT_PER_IP} slots for the connection, or refuses
 * {@code 429 rate_limited}: a slot reservation the pipeline commits with the handshake's others. Thread-safe.
 */
public final class AddressConcurrencyPolicy implements ConnectionPolicy {

  public static final PolicyId ID = PolicyId.of("address-concurrency");
  /** A slot frees only when one of the address's own sockets closes; nobody knows when. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(10);
  private final int limit;
  private final Function<Reserved, Verdict> judge;

  @Inject
  public AddressConcurrencyPolicy(ConnectionConfig connections) {
    this.limit = connections.maxConcurrentPerAddress();
    Verdict full = RateLimitHeaders.refusal(limit, 0, RETRY_AFTER, RETRY_AFTER);
    this.judge = slot -> slot.granted() ? Verdict.allow() : full;
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
    return 450;
  }

  @Override
  public Verdict evaluate(HandshakeContext context) {
    return Verdict.reserve(Reservation.slot(LeaseScope.ADDRESS, context.request().client().key(), limit), judge);
  }
}
