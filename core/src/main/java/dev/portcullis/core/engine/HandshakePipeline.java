package dev.portcullis.core.engine;

import dev.portcullis.core.config.BlockingConfig;
import dev.portcullis.core.config.ConfigurationException;
import dev.portcullis.core.event.HandshakeRefused;
import dev.portcullis.core.model.CidrSet;
import dev.portcullis.core.model.HandshakeRequest;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.TrafficMeter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the connection policies over one handshake, in ascending order, and stops at the first refusal.
 * Applies {@code WS_ALLOWLIST} (allow-listed addresses skip limit and block policies) and
 * {@code WS_DRY_RUN} (named policies only report) to every policy, built-in or plugin. A policy that
 * throws refuses the handshake ({@code 503 unavailable}) instead of taking the node down. Delays are
 * scheduled, never slept, so no thread waits on them. Thread-safe.
 */
public final class HandshakePipeline {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakePipeline.class);
  /** The answer when a policy fails unexpectedly: fail closed. */
  static final Verdict.Refuse UNAVAILABLE = Verdict.refuse("unavailable", 503);

  private final List<ConnectionPolicy> policies;
  private final CidrSet allowlist;
  private final DryRun dryRun;
  private final SecurityEvents events;
  private final TrafficMeter meter;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final Executor worker;

  /**
   * A pipeline whose {@code WS_DRY_RUN} names are checked against its own policies only.
   *
   * @throws ConfigurationException when {@code WS_DRY_RUN} names a policy that does not exist
   */
  public HandshakePipeline(List<ConnectionPolicy> policies, BlockingConfig blocking, SecurityEvents events,
      Clock clock, ScheduledExecutorService timer, Executor worker) {
    this(policies, blocking.allowlist(), new DryRun(blocking.dryRun(), policies.stream().map(ConnectionPolicy::id).toList()),
        events, TrafficMeter.NONE, clock, timer, worker);
  }

  /**
   * @param timer  runs nothing but the hand-over back to {@code worker} after a delay
   * @param worker runs the policies (they may block on I/O)
   */
  public HandshakePipeline(List<ConnectionPolicy> policies, CidrSet allowlist, DryRun dryRun, SecurityEvents events,
      TrafficMeter meter, Clock clock, ScheduledExecutorService timer, Executor worker) {
    List<ConnectionPolicy> ordered = new ArrayList<>(policies);
    ordered.sort(Comparator.comparingInt(ConnectionPolicy::order).thenComparing(ConnectionPolicy::id));
    this.policies = List.copyOf(ordered);
    this.allowlist = allowlist;
    this.dryRun = dryRun;
    this.events = events;
    this.meter = meter;
    this.clock = clock;
    this.timer = timer;
    this.worker = worker;
  }

  /** The policies in the order they run. */
  public List<ConnectionPolicy> policies() {
    return policies;
  }

  /** Judges {@code request}; the future completes when the answer is due (after any delay). */
  public CompletableFuture<HandshakeOutcome> evaluate(HandshakeRequest request) {
    long start = System.nanoTime();
    CompletableFuture<HandshakeOutcome> outcome = new CompletableFuture<>();
    outcome.thenAccept(done -> meter.handshake(
        done instanceof HandshakeOutcome.Refused refused ? refused.refusal().code() : null, System.nanoTime() - start));
    boolean allowlisted = allowlist.contains(request.client().address());
    continueFrom(0, new HandshakeContext(request), allowlisted, outcome);
    return outcome;
  }

  private void continueFrom(int start, HandshakeContext context, boolean allowlisted,
      CompletableFuture<HandshakeOutcome> outcome) {
    for (int i = start; i < policies.size(); i++) {
      ConnectionPolicy policy = policies.get(i);
      if (allowlisted && policy.kind().exemptForAllowlisted()) {
        continue;
      }
      Verdict verdict = judge(policy, context);
      boolean reportOnly = dryRun.applies(policy.id());
      if (verdict instanceof Verdict.Refuse refusal) {
        publish(context, policy, refusal, reportOnly);
        if (!reportOnly) {
          refuse(context, refusal, outcome);
          return;
        }
      } else if (verdict instanceof Verdict.Delay delay && !reportOnly && !delay.duration().isZero()) {
        int next = i + 1;
        timer.schedule(() -> worker.execute(() -> continueFrom(next, context, allowlisted, outcome)),
            delay.duration().toNanos(), TimeUnit.NANOSECONDS);
        return;
      }
    }
    outcome.complete(new HandshakeOutcome.Admitted(context));
  }

  private Verdict judge(ConnectionPolicy policy, HandshakeContext context) {
    try {
      return policy.evaluate(context);
    } catch (RuntimeException e) {
      LOG.error("Connection policy {} failed; refusing the handshake", policy.id(), e);
      return UNAVAILABLE;
    }
  }

  private void refuse(HandshakeContext context, Verdict.Refuse refusal, CompletableFuture<HandshakeOutcome> outcome) {
    context.leases().forEach(Lease::release);
    HandshakeOutcome refused = new HandshakeOutcome.Refused(refusal);
    if (refusal.answerAfter().isZero()) {
      outcome.complete(refused);
    } else {
      timer.schedule(() -> outcome.complete(refused), refusal.answerAfter().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void publish(HandshakeContext context, ConnectionPolicy policy, Verdict.Refuse refusal, boolean dryRun) {
    String subject = context.principal().map(Principal::subject).orElse(null);
    events.publish(new HandshakeRefused(clock.instant(), context.request().client().key(), refusal.code(),
        policy.id().value(), subject, dryRun));
  }
}
