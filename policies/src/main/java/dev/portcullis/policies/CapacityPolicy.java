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
 * Holds one of the node's {@code WS_MAX_CONNECTIONS_TOTAL} slots for the connection, or refuses
 * {@code 503 capacity}. Thread-safe.
 */
public final class CapacityPolicy implements ConnectionPolicy {

  public static final PolicyId ID = PolicyId.of("capacity");
  /** A full node frees slots as connections end; a few seconds is a fair first guess. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);
  private final ConnectionRegistry registry;
  private final int maxTotal;

  @Inject
  public CapacityPolicy(ConnectionRegistry registry, ConnectionConfig connections) {
    this.registry = registry;
    this.maxTotal = connections.maxTotal();
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
    return 300;
  }

  @Override
  public Verdict evaluate(HandshakeContext context) {
    Optional<Lease> lease = registry.tryLease(LeaseScope.TOTAL, "", maxTotal);
    if (lease.isEmpty()) {
      return Verdict.refuse("capacity", 503).retryAfter(RETRY_AFTER);
    }
    context.hold(lease.get());
    return Verdict.allow();
  }
}
