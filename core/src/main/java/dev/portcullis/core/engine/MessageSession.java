package dev.portcullis.core.engine;

import dev.portcullis.core.message.TokenBucket;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.MessagePolicy;

/**
 * One connection's place in the {@link MessagePipeline}: its context, each policy's state, and the
 * bucket that bounds its error frames. Confined to the connection's IO thread; not thread-safe.
 */
public final class MessageSession {

  final MessageContext context;
  final MessagePolicy<Object>[] policies;
  final Object[] states;
  final boolean allowlisted;
  final TokenBucket errorFrames;
  String refusal;

  MessageSession(MessageContext context, MessagePolicy<Object>[] policies, Object[] states, boolean allowlisted,
      TokenBucket errorFrames) {
    this.context = context;
    this.policies = policies;
    this.states = states;
    this.allowlisted = allowlisted;
    this.errorFrames = errorFrames;
  }

  public MessageContext context() {
    return context;
  }

  /** The code of the last refusal, for the error frame. */
  public String refusal() {
    return refusal;
  }
}
