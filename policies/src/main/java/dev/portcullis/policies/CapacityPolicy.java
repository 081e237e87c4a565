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
 * Holds one of the node's {@code WS_MAX_CONNECTIONS_TOTAL} slots for the connection, or refuses
 * {@code 503 capacity}: a slot reservation the pipeline commits with the handshake's others. Thread-safe.
 */
public final class CapacityPolicy implements ConnectionPolicy {

  public static final PolicyId ID = PolicyId.of("capacity");
  /** A full node frees slots as connections end; a few seconds is a fair first guess. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);
  private static final Verdict FULL = Verdict.refuse("capacity", 503).retryAfter(RETRY_AFTER);
  private static final Function<Reserved, Verdict> JUDGE = slot -> slot.granted() ? Verdict.allow() : FULL;
  private final Reservation.Slot slot;

  @Inject
  public CapacityPolicy(ConnectionConfig connections) {
    this.slot = Reservation.slot(LeaseScope.TOTAL, "", connections.maxTotal());
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
    return Verdict.reserve(slot, JUDGE);
  }
}
