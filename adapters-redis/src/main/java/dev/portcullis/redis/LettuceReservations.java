package dev.portcullis.redis;

import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.RateDecision;
import dev.portcullis.core.port.Reservation;
import dev.portcullis.core.port.Reservations;
import dev.portcullis.core.port.Reserved;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link Reservations} on Redis: the reservations of one handshake (its attempt counter, its slots per
 * address, per subject and in total) go to Redis as <b>one</b> script ({@code reserve.lua}), which takes
 * them in order, atomically, and stops after the first binding refusal: one round trip per handshake on
 * a standalone server or a Sentinel-managed primary, with the very answer taking them one by one would
 * give. A Cluster cannot run one script over several slots, so there the reservations are grouped by
 * slot and the groups sent at once, one script each (one round trip in time, one per slot in commands);
 * the answer is still read in order, and a slot another group granted after the refusal that answers is
 * released at once. On a Cluster only, an attempt of a later group may then count although an earlier
 * group refused (the fleet at capacity still counts the address's attempt): it errs on the side of
 * refusing.
 *
 * <p>While Redis is out of reach (the call fails, times out, or the breaker is open), each reservation
 * of the batch is answered by its port's failure mode, one after the other: the same answers as
 * {@link LettuceRateLimiter} and {@link LettuceConnectionRegistry} give alone. Thread-safe.
 */
@Singleton
public final class LettuceReservations implements Reservations {

  private static final LuaScript RESERVE = LuaScript.load("reserve", "window", "slots");
  private static final Reserved FULL = new Reserved.Full();

  private final RedisState state;
  private final LettuceRateLimiter counters;
  private final LettuceConnectionRegistry registry;

  @Inject
  public LettuceReservations(RedisState state, LettuceRateLimiter counters, LettuceConnectionRegistry registry) {
    this.state = state;
    this.counters = counters;
    this.registry = registry;
  }

  @Override
  public List<Reserved> commit(List<Reservation> reservations) {
    if (reservations.isEmpty()) {
      return List.of();
    }
    List<Step> steps = new ArrayList<>(reservations.size());
    for (int i = 0; i < reservations.size(); i++) {
      steps.add(step(i, reservations.get(i)));
    }
    Map<Integer, List<Step>> groups = groups(steps);
    List<CompletableFuture<List<Object>>> calls = new ArrayList<>(groups.size());
    for (List<Step> group : groups.values()) {
      calls.add(send(group));
    }
    Reserved[] results = new Reserved[steps.size()];
    int g = 0;
    for (List<Step> group : groups.values()) {
      settle(group, calls.get(g++), results);
    }
    return inOrder(steps, results);
  }

  /** One reservation as the script takes it: its keys and arguments, and for a slot its lease id. */
  private record Step(int index, Reservation reservation, List<String> keys, List<String> args, String leaseId) {}

  private Step step(int index, Reservation reservation) {
    String binding = reservation.binding() ? "1" : "0";
    if (reservation instanceof Reservation.Attempt attempt) {
      List<String> keys = new ArrayList<>(2);
      keys.add(state.keys().rate(attempt.rule().name(), attempt.key()));
      String refusalSlot = "0";
      String refusalLimit = "0";
      if (attempt.refusals() != null) {
        keys.add(state.keys().rate(attempt.refusals().name(), attempt.key()));
        refusalSlot = Long.toString(LettuceRateLimiter.slotMillis(attempt.refusals()));
        refusalLimit = Long.toString(attempt.refusals().limit());
      }
      return new Step(index, attempt, keys, List.of("a", binding,
          Long.toString(LettuceRateLimiter.slotMillis(attempt.rule())), Long.toString(attempt.rule().limit()),
          Long.toString(attempt.units()), refusalSlot, refusalLimit), null);
    }
    Reservation.Slot slot = (Reservation.Slot) reservation;
    String id = registry.newLeaseId();
    return new Step(index, slot, List.of(state.keys().lease(slot.scope(), slot.key())),
        List.of("s", binding, Integer.toString(slot.limit()), id), id);
  }

  /** Steps by Cluster slot (each group keeps the reservations' order); one group on any other topology. */
  private Map<Integer, List<Step>> groups(List<Step> steps) {
    boolean cluster = state.endpoint().topology() == RedisEndpoint.Topology.CLUSTER;
    Map<Integer, List<Step>> groups = new LinkedHashMap<>();
    for (Step step : steps) {
      int slot = cluster ? SlotHash.getSlot(step.keys().get(0)) : 0;
      groups.computeIfAbsent(slot, s -> new ArrayList<>()).add(step);
    }
    return groups;
  }

  private CompletableFuture<List<Object>> send(List<Step> group) {
    List<String> keys = new ArrayList<>();
    List<String> args = new ArrayList<>();
    args.add(state.scriptNow());
    args.add(Long.toString(state.options().leaseTtl().toMillis()));
    for (Step step : group) {
      keys.addAll(step.keys());
      args.addAll(step.args());
    }
    String[] keyArray = keys.toArray(String[]::new);
    String[] argArray = args.toArray(String[]::new);
    return state.guard().callAsync("handshake reservations",
        () -> RESERVE.<List<Object>>run(state.store().commands(), ScriptOutputType.MULTI, keyArray, argArray));
  }

  /** Fills in the results of one group: from Redis's answer, or from the failure mode when there is none. */
  private void settle(List<Step> group, CompletableFuture<List<Object>> call, Reserved[] results) {
    List<Object> answer;
    try {
      answer = call.join();
    } catch (CompletionException e) {
      if (!(e.getCause() instanceof RedisUnavailableException unavailable)) {
        throw e;
      }
      fallback(group, results, unavailable.mayRunLate());
      return;
    }
    int at = 0;
    for (Step step : group) {
      if (at >= answer.size()) {
        return; // not taken: a binding refusal before it ended the group
      }
      if (step.reservation() instanceof Reservation.Attempt attempt) {
        RateDecision decision = new RateDecision(number(answer, at) == 1, attempt.rule().limit(), number(answer, at + 1),
            Duration.ofMillis(number(answer, at + 2)), Duration.ofMillis(number(answer, at + 3)));
        results[step.index()] = new Reserved.Counted(decision, number(answer, at + 4));
        at += 5;
      } else {
        results[step.index()] = number(answer, at) == 1
            ? new Reserved.Leased(registry.hold(step.keys().get(0), step.leaseId()))
            : FULL;
        at += 2;
      }
    }
  }

  /**
   * Answers {@code group} by the failure mode. When its script may still run late ({@code late}), every
   * slot id it carries that this node does not end up holding (refused here, or after a refusal that
   * ends the group) is forgotten, so that the slot the late script takes for it is freed.
   */
  private void fallback(List<Step> group, Reserved[] results, boolean late) {
    boolean ended = false;
    for (Step step : group) {
      if (ended) {
        if (late && step.leaseId() != null) {
          registry.forget(step.keys().get(0), step.leaseId());
        }
        continue;
      }
      Reserved result;
      if (step.reservation() instanceof Reservation.Attempt attempt) {
        RateDecision decision = counters.fallback(attempt.rule(), attempt.key(), attempt.units());
        long refusals = 0;
        if (!decision.allowed() && attempt.refusals() != null) {
          refusals = Reserved.Counted.refusalsAfter(counters.fallback(attempt.refusals(), attempt.key(), 1));
        }
        result = new Reserved.Counted(decision, refusals);
      } else {
        Reservation.Slot slot = (Reservation.Slot) step.reservation();
        Optional<Lease> lease = registry.fallback(step.keys().get(0), step.leaseId(), slot.limit());
        if (lease.isEmpty() && late) {
          registry.forget(step.keys().get(0), step.leaseId());
        }
        result = lease.<Reserved>map(Reserved.Leased::new).orElse(FULL);
      }
      results[step.index()] = result;
      ended = !result.granted() && step.reservation().binding();
    }
  }

  /**
   * The results in the reservations' order, up to the first binding refusal; slots granted after it
   * (another Cluster slot's group did not know of it) are released.
   */
  private static List<Reserved> inOrder(List<Step> steps, Reserved[] results) {
    List<Reserved> ordered = new ArrayList<>(results.length);
    int i = 0;
    for (; i < results.length && results[i] != null; i++) {
      ordered.add(results[i]);
      if (!results[i].granted() && steps.get(i).reservation().binding()) {
        i++;
        break;
      }
    }
    for (; i < results.length; i++) {
      if (results[i] instanceof Reserved.Leased leased) {
        leased.lease().release();
      }
    }
    return ordered;
  }

  private static long number(List<Object> answer, int index) {
    return ((Number) answer.get(index)).longValue();
  }
}
