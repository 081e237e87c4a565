package dev.portcullis.policies;

import dev.portcullis.core.config.ConnectionConfig;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.LeaseScope;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Holds one of the subject's {@code WS_MAX_CONNECTIONS_PER_USER} slots, or refuses
 * {@code 429 too_many_connections}. Anonymous connections carry no subject and are not counted here;
 * a socket that authenticates by its first message takes its slot then. Thread-safe.
 */
public final class UserLimitPolicy implements ConnectionPolicy {

  public static final PolicyId ID = PolicyId.of("user-limit");
  private final ConnectionRegistry registry;
  private final int limit;

  @Inject
  public UserLimitPolicy(ConnectionRegistry registry, ConnectionConfig connections) {
    this.registry = registry;
    this.limit = connections.maxPerUser();
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
    return 600;
  }

  @Override
  public Verdict evaluate(HandshakeContext context) {
    Optional<Principal> principal = context.principal();
    if (principal.isEmpty()) {
      return Verdict.allow();
    }
    Optional<Lease> lease = registry.tryLease(LeaseScope.SUBJECT, principal.get().subject(), limit);
    if (lease.isEmpty()) {
      return Verdict.refuse("too_many_connections", 429);
    }
    context.hold(lease.get());
    return Verdict.allow();
  }
}
