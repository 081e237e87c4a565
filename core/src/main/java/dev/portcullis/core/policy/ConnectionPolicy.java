package dev.portcullis.core.policy;

/**
 * One rule judged before a WebSocket upgrade. Implementations must be thread-safe: one instance judges
 * every handshake, on worker threads (never an IO thread), so it may wait on a port's I/O.
 *
 * <p>The pipeline runs policies by ascending {@link #order()}; the built-in ones take 100 to 600 in
 * the order of CONTRACT §2, leaving room between them for plugins.
 */
public interface ConnectionPolicy {

  PolicyId id();

  PolicyKind kind();

  /** Position in the pipeline; lower runs first. */
  int order();

  Verdict evaluate(HandshakeContext context);
}
