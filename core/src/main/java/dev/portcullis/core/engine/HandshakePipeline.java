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
import dev.portcullis.core.port.Reservation;
import dev.portcullis.core.port.Reservations;
import dev.portcullis.core.port.Reserved;
import dev.portcullis.core.port.TrafficMeter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the connection policies over one handshake, in ascending order, and answers with the first
 * refusal. Applies {@code WS_ALLOWLIST} (allow-listed addresses skip limit and block policies) and
 * {@code WS_DRY_RUN} (named policies only report) to every policy, built-in or plugin. A policy that
 * throws refuses the handshake ({@code 503 unavailable}) instead of taking the node down. Delays are
 * scheduled, never slept, so no thread waits on them. Thread-safe.
 *
 * <p><b>One commit per handshake.</b> Policies that need shared state answer with a
 * {@link Verdict.Reserve reservation}; the pipeline runs on through the local policies (origin, token,
 * block mirror), collecting them, and commits them together through {@link Reservations} (on Redis: one
 * round trip), when it reaches the end, a refusal, or a delay. Then it reads the verdicts in policy
 * order, so the answer is exactly the one evaluating the policies one after the other gives: a local
 * refusal found at one policy still loses to a reservation of an earlier policy that is refused (an
 * invalid token from a rate-limited address is answered {@code 429}, as CONTRACT §2 orders). Slots taken
 * for a handshake that is refused are released. A {@link Verdict.Deferred deferred} verdict (a refused
 * token, whose failure is counted only if its refusal answers) also ends a batch: it is judged once every
 * policy before it admitted, and nothing after it is reserved before that.
 */
public final class HandshakePipeline {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakePipeline.class);
  /** The answer when a policy fails unexpectedly: fail closed. */
  static final Verdict.Refuse UNAVAILABLE = Verdict.refuse("unavailable", 503);

  private final List<ConnectionPolicy> policies;
  private final CidrSet allowlist;
  private final DryRun dryRun;
  private final Reservations reservations;
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
  public HandshakePipeline(List<ConnectionPolicy> policies, BlockingConfig blocking, Reservations reservations,
      SecurityEvents events, Clock clock, ScheduledExecutorService timer, Executor worker) {
    this(policies, blocking.allowlist(), new DryRun(blocking.dryRun(), policies.stream().map(ConnectionPolicy::id).toList()),
        reservations, events, TrafficMeter.NONE, clock, timer, worker);
  }

  /**
   * @param reservations commits the policies' reservations, once per handshake (more only around a delay)
   * @param timer        runs nothing but the hand-over back to {@code worker} after a delay
   * @param worker       runs the policies (they may block on I/O)
   */
  public HandshakePipeline(List<ConnectionPolicy> policies, CidrSet allowlist, DryRun dryRun,
      Reservations reservations, SecurityEvents events, TrafficMeter meter, Clock clock,
      ScheduledExecutorService timer, Executor worker) {
    List<ConnectionPolicy> ordered = new ArrayList<>(policies);
    ordered.sort(Comparator.comparingInt(ConnectionPolicy::order).thenComparing(ConnectionPolicy::id));
    this.policies = List.copyOf(ordered);
    this.allowlist = allowlist;
    this.dryRun = dryRun;
    this.reservations = reservations;
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

  /**
   * One policy's verdict, waiting to be read in order, with the subject known when the policy ran: a
   * refusal is reported with what the pipeline knew at that policy, not what later policies learnt.
   */
  private record Step(ConnectionPolicy policy, Verdict verdict, boolean reportOnly, String subject) {}

  /**
   * Runs the policies from {@code start} until the end, a binding refusal, a deferred verdict or a delay,
   * collecting every verdict that is not a plain allow; then commits and reads them, and goes on from
   * there if nothing refused.
   */
  private void continueFrom(int start, HandshakeContext context, boolean allowlisted,
      CompletableFuture<HandshakeOutcome> outcome) {
    List<Step> steps = new ArrayList<>();
    int resumeAt = -1;
    Verdict.Delay delay = null;
    for (int i = start; i < policies.size(); i++) {
      ConnectionPolicy policy = policies.get(i);
      if (allowlisted && policy.kind().exemptForAllowlisted()) {
        continue;
      }
      String subject = context.principal().map(Principal::subject).orElse(null);
      Verdict verdict = judge(policy, context);
      if (verdict == Verdict.allow()) {
        continue;
      }
      boolean reportOnly = dryRun.applies(policy.id());
      steps.add(new Step(policy, verdict, reportOnly, subject));
      if (verdict instanceof Verdict.Refuse && !reportOnly) {
        break;
      }
      if (verdict instanceof Verdict.Deferred && !reportOnly) {
        resumeAt = i + 1; // most likely a refusal: take nothing after it before it is judged
        break;
      }
      if (verdict instanceof Verdict.Delay d && !reportOnly && !d.duration().isZero()) {
        delay = d;
        resumeAt = i + 1;
        break;
      }
    }
    Verdict.Refuse refusal = settle(steps, context);
    if (refusal != null) {
      refuse(context, refusal, outcome);
    } else if (delay != null) {
      resumeAfter(delay, resumeAt, context, allowlisted, outcome);
    } else if (resumeAt >= 0) {
      continueFrom(resumeAt, context, allowlisted, outcome);
    } else {
      outcome.complete(new HandshakeOutcome.Admitted(context));
    }
  }

  /**
   * Goes on from {@code next} on a worker once {@code delay} has passed. The hand-over runs where nobody
   * waits on it (the timer, then a worker), so whatever goes wrong there (the worker or the timer refuses
   * the task while the node stops, a failure past the policies' own guards) must still answer the
   * handshake and free its slots: otherwise the client hangs and the slots leak.
   */
  private void resumeAfter(Verdict.Delay delay, int next, HandshakeContext context, boolean allowlisted,
      CompletableFuture<HandshakeOutcome> outcome) {
    Runnable resume = () -> {
      try {
        continueFrom(next, context, allowlisted, outcome);
      } catch (RuntimeException e) {
        abandon(context, outcome, e);
      }
    };
    try {
      timer.schedule(() -> {
        try {
          worker.execute(resume);
        } catch (RuntimeException e) {
          abandon(context, outcome, e);
        }
      }, delay.duration().toNanos(), TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      abandon(context, outcome, e);
    }
  }

  /** Answers {@code 503 unavailable} for a handshake that cannot go on, and frees the slots it holds. */
  private static void abandon(HandshakeContext context, CompletableFuture<HandshakeOutcome> outcome,
      RuntimeException cause) {
    LOG.error("Resuming a handshake after its delay failed; refusing it", cause);
    context.leases().forEach(Lease::release);
    outcome.complete(new HandshakeOutcome.Refused(UNAVAILABLE));
  }

  /**
   * Commits the reservations among {@code steps} in one call, then reads the verdicts in policy order:
   * publishes every refusal reached (report-only ones included) and answers the first binding one, or
   * null when none refuses. Slots granted after that refusal are released.
   */
  private Verdict.Refuse settle(List<Step> steps, HandshakeContext context) {
    if (steps.isEmpty()) {
      return null;
    }
    List<Reserved> results;
    try {
      results = commit(steps);
    } catch (RuntimeException e) {
      LOG.error("Committing the reservations of a handshake failed; refusing it", e);
      return UNAVAILABLE;
    }
    int next = 0;
    Verdict.Refuse answer = null;
    for (Step step : steps) {
      Verdict verdict = step.verdict();
      if (verdict instanceof Verdict.Reserve reserve) {
        if (next >= results.size()) {
          LOG.error("Connection policy {} admitted after a refused reservation of an earlier one, whose refusal "
              + "ended the batch before this one's; refusing the handshake", step.policy().id());
          answer = UNAVAILABLE;
          break;
        }
        Reserved result = results.get(next++);
        if (result instanceof Reserved.Leased leased) {
          context.hold(leased.lease());
        }
        verdict = decide(step.policy(), () -> reserve.judge().apply(result));
      } else if (verdict instanceof Verdict.Deferred deferred) {
        verdict = decide(step.policy(), deferred.judge()::get);
      }
      if (verdict instanceof Verdict.Refuse refusal) {
        publish(context, step, refusal);
        if (!step.reportOnly()) {
          answer = refusal;
          break;
        }
      }
    }
    for (int i = next; i < results.size(); i++) {
      if (results.get(i) instanceof Reserved.Leased leased) {
        leased.lease().release(); // taken after the refusal that answers: never the connection's
      }
    }
    return answer;
  }

  private List<Reserved> commit(List<Step> steps) {
    List<Reservation> wanted = new ArrayList<>(steps.size());
    for (Step step : steps) {
      if (step.verdict() instanceof Verdict.Reserve reserve) {
        wanted.add(step.reportOnly() ? reserve.reservation().reportOnly() : reserve.reservation());
      }
    }
    return wanted.isEmpty() ? List.of() : reservations.commit(wanted);
  }

  private Verdict judge(ConnectionPolicy policy, HandshakeContext context) {
    try {
      return policy.evaluate(context);
    } catch (RuntimeException e) {
      LOG.error("Connection policy {} failed; refusing the handshake", policy.id(), e);
      return UNAVAILABLE;
    }
  }

  /** A later decision: allow or refuse; anything else is a policy's mistake, refused like a failure. */
  private Verdict decide(ConnectionPolicy policy, Supplier<Verdict> later) {
    try {
      Verdict verdict = later.get();
      if (verdict == Verdict.allow() || verdict instanceof Verdict.Refuse) {
        return verdict;
      }
      LOG.error("Connection policy {} decided {} after its reservation; only allow or refuse may follow one; "
          + "refusing the handshake", policy.id(), verdict.getClass().getSimpleName());
    } catch (RuntimeException e) {
      LOG.error("Connection policy {} failed; refusing the handshake", policy.id(), e);
    }
    return UNAVAILABLE;
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

  private void publish(HandshakeContext context, Step step, Verdict.Refuse refusal) {
    events.publish(new HandshakeRefused(clock.instant(), context.request().client().key(), refusal.code(),
        step.policy().id().value(), step.subject(), step.reportOnly()));
  }
}
