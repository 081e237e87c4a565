package dev.portcullis.core.policy;

/**
 * One rule judged before a WebSocket upgrade. Implementations must be thread-safe: one instance judges
 * every handshake, on worker threads (never an IO thread), so it may wait on a port's I/O.
 *
 * <p>The pipeline runs policies by ascending {@link #order()}; the built-in ones take 100 to 600 in
 * the order of CONTRACT §2, leaving room between them for plugins.
 *
 * <p>A policy that needs shared state (a counter, a connection slot) returns a
 * {@link Verdict#reserve reservation} instead of calling the port: the pipeline commits the reservations
 * of all policies in one batch, so a handshake costs one round trip to shared state, not one per policy.
 * Because of that batch, {@link #evaluate} may run for a handshake that an earlier policy's reservation
 * then refuses: it must have no consequence that only a decision should have; such consequences belong
 * in a {@link Verdict#deferred deferred} verdict, which runs only when the policies before it admit.
 */
public interface ConnectionPolicy {

  PolicyId id();

  PolicyKind kind();

  /** Position in the pipeline; lower runs first. */
  int order();

  Verdict evaluate(HandshakeContext context);
}
