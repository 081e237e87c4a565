package dev.portcullis.core.policy;

/**
 * One rule judged for every inbound message of every connection: the hot path. Implementations are
 * thread-safe and keep whatever they need per connection in their state {@code S}, which the pipeline
 * creates when the connection opens and hands back with each of its messages. A connection's messages
 * are judged one at a time, so that state needs no locks. Evaluate allocates as little as possible
 * and never does I/O.
 *
 * <p>The pipeline runs policies by ascending {@link #order()}; the built-in ones take 100 to 800,
 * leaving room between them for plugins.
 *
 * @param <S> per-connection state, or {@code Void}
 */
public interface MessagePolicy<S> {

  PolicyId id();

  PolicyKind kind();

  int order();

  /** The state this policy keeps for one connection (a token bucket, say); may be {@code null}. */
  default S open(MessageContext connection) {
    return null;
  }

  /** Judges the message in {@code context}; use {@link Verdict#refuseMessage(String)} to refuse. */
  Verdict evaluate(MessageContext context, S state);
}
