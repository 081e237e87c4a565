package dev.portcullis.policies;

import dev.portcullis.core.config.ConnectionConfig;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.LeaseScope;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * Holds one of the address's {@code WS_MAX_CONCURRENT_PER_IP} slots for the connection, or refuses
 * {@code 429 rate_limited}. Thread-safe.
 */
public final class AddressConcurrencyPolicy implements ConnectionPolicy {

  public static final PolicyId ID = PolicyId.of("address-concurrency");
  /** A slot frees only when one of the address's own sockets closes; nobody knows when. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(10);
  private final ConnectionRegistry registry;
  private final int limit;

  @Inject
  public AddressConcurrencyPolicy(ConnectionRegistry registry, ConnectionConfig connections) {
    this.registry = registry;
    this.limit = connections.maxConcurrentPerAddress();
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
    Optional<Lease> lease = registry.tryLease(LeaseScope.ADDRESS, context.request().client().key(), limit);
    if (lease.isEmpty()) {
      return RateLimitHeaders.refusal(limit, 0, RETRY_AFTER, RETRY_AFTER);
    }
    context.hold(lease.get());
    return Verdict.allow();
  }
}
