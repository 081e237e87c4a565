package dev.portcullis.policies;

import dev.portcullis.core.config.ConnectionConfig;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.Reservation;
import dev.portcullis.core.port.Reserved;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Function;

/**
 * Holds one of the subject's {@code WS_MAX_CONNECTIONS_PER_USER} slots, or refuses
 * {@code 429 too_many_connections}: a slot reservation the pipeline commits with the handshake's others
 * (the subject is known by then: authentication is local). Anonymous connections carry no subject and are not counted here;
 * a socket that authenticates by its first message takes its slot then. Thread-safe.
 */
public final class UserLimitPolicy implements ConnectionPolicy {

  public static final PolicyId ID = PolicyId.of("user-limit");
  private static final Verdict TOO_MANY = Verdict.refuse("too_many_connections", 429);
  private static final Function<Reserved, Verdict> JUDGE = slot -> slot.granted() ? Verdict.allow() : TOO_MANY;
  private final int limit;

  @Inject
  public UserLimitPolicy(ConnectionConfig connections) {
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
    return Verdict.reserve(Reservation.slot(LeaseScope.SUBJECT, principal.get().subject(), limit), JUDGE);
  }
}
