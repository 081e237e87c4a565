package dev.portcullis.core.engine;

import dev.portcullis.core.event.MessageRefused;
import dev.portcullis.core.message.TokenBucket;
import dev.portcullis.core.model.CidrSet;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.TrafficMeter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the message policies over every inbound message, in ascending order, stopping at the first
 * refusal: the hot path. It allocates nothing for an admitted message beyond what the policies do,
 * takes no lock and does no I/O. A refusal is published as an event and scored against the address;
 * error frames are bounded per connection by the connection's own message rate, so a flood is never
 * answered by a flood. {@code WS_ALLOWLIST} and {@code WS_DRY_RUN} apply as on the handshake path. A
 * policy that throws drops the message ({@code unavailable}) instead of delivering it. Thread-safe;
 * each {@link MessageSession} is confined to its connection.
 */
public final class MessagePipeline {

  private static final Logger LOG = LoggerFactory.getLogger(MessagePipeline.class);
  static final String UNAVAILABLE = "unavailable";

  private final MessagePolicy<Object>[] all;
  private final MessagePolicy<Object>[] guards;
  private final CidrSet allowlist;
  private final DryRun dryRun;
  private final ViolationScorer scorer;
  private final SecurityEvents events;
  private final TrafficMeter meter;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final double errorFramesPerSecond;
  private final double errorFrameBurst;

  /**
   * @param errorFramesPerSecond the connection's message rate, which its error frames may not exceed
   * @param nanoTime             the ticker of per-connection buckets ({@code System::nanoTime})
   */
  public MessagePipeline(List<MessagePolicy<?>> policies, CidrSet allowlist, DryRun dryRun, ViolationScorer scorer,
      SecurityEvents events, TrafficMeter meter, Clock clock, LongSupplier nanoTime, double errorFramesPerSecond,
      double errorFrameBurst) {
    List<MessagePolicy<?>> ordered = new ArrayList<>(policies);
    ordered.sort(Comparator.<MessagePolicy<?>>comparingInt(MessagePolicy::order).thenComparing(MessagePolicy::id));
    this.all = array(ordered);
    this.guards = array(ordered.stream().filter(p -> !p.kind().exemptForAllowlisted()).toList());
    this.allowlist = allowlist;
    this.dryRun = dryRun;
    this.scorer = scorer;
    this.events = events;
    this.meter = meter;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.errorFramesPerSecond = errorFramesPerSecond;
    this.errorFrameBurst = errorFrameBurst;
  }

  /** The policies in the order they run. */
  public List<MessagePolicy<?>> policies() {
    return List.of(all);
  }

  /** Prepares a new connection: its context and every policy's state for it. */
  public MessageSession open(String connectionId, ClientAddress client, Principal principal) {
    boolean allowlisted = allowlist.contains(client.address());
    MessagePolicy<Object>[] chain = allowlisted ? guards : all;
    MessageContext context = new MessageContext(connectionId, client, principal);
    Object[] states = new Object[chain.length];
    for (int i = 0; i < chain.length; i++) {
      states[i] = chain[i].open(context);
    }
    return new MessageSession(context, chain, states, allowlisted,
        new TokenBucket(errorFramesPerSecond, errorFrameBurst, nanoTime));
  }

  /** Judges one whole text message of {@code bytes} bytes. */
  public MessageOutcome judge(MessageSession session, String text, int bytes) {
    long start = nanoTime.getAsLong();
    MessageContext context = session.context;
    context.begin(text, bytes);
    MessagePolicy<Object>[] chain = session.policies;
    for (int i = 0; i < chain.length; i++) {
      Verdict verdict = evaluate(chain[i], context, session.states[i]);
      if (verdict instanceof Verdict.Refuse refusal) {
        boolean reportOnly = dryRun.applies(chain[i].id());
        publish(context, chain[i], refusal.code(), reportOnly);
        if (!reportOnly) {
          meter.message(refusal.code(), nanoTime.getAsLong() - start);
          return refuse(session, refusal.code());
        }
      }
    }
    meter.message(null, nanoTime.getAsLong() - start);
    return MessageOutcome.DELIVER;
  }

  /**
   * Refuses a message the transport judged before any policy could (a binary frame, a message before
   * authentication): published, scored and answered like any refusal.
   */
  public MessageOutcome refuse(MessageSession session, String code, String policy) {
    meter.message(code, 0);
    publish(session.context, policy, code, false);
    return refuse(session, code);
  }

  private MessageOutcome refuse(MessageSession session, String code) {
    session.refusal = code;
    MessageContext context = session.context;
    if (!session.allowlisted && !UNAVAILABLE.equals(code)
        && scorer.add(context.client(), context.subject(), code)) {
      return MessageOutcome.CLOSE;
    }
    return session.errorFrames.tryTake(1) ? MessageOutcome.ANSWER : MessageOutcome.SILENT;
  }

  private static Verdict evaluate(MessagePolicy<Object> policy, MessageContext context, Object state) {
    try {
      return policy.evaluate(context, state);
    } catch (RuntimeException e) {
      LOG.error("Message policy {} failed; dropping the message", policy.id(), e);
      return Verdict.refuseMessage(UNAVAILABLE);
    }
  }

  private void publish(MessageContext context, MessagePolicy<?> policy, String code, boolean dryRun) {
    publish(context, policy.id().value(), code, dryRun);
  }

  private void publish(MessageContext context, String policy, String code, boolean dryRun) {
    events.publish(new MessageRefused(clock.instant(), context.client().key(), context.subject(),
        context.connectionId(), code, policy, dryRun));
  }

  @SuppressWarnings("unchecked")
  private static MessagePolicy<Object>[] array(List<MessagePolicy<?>> policies) {
    return policies.toArray(new MessagePolicy[0]);
  }
}
