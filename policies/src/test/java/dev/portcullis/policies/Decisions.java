package dev.portcullis.policies;

import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.Reservations;
import dev.portcullis.core.port.Reserved;
import java.util.List;

/** Takes a connection policy's verdict to its end, as the pipeline would for a policy alone. */
final class Decisions {

  private Decisions() {}

  /** Evaluates {@code policy}, commits its reservation (if any) on {@code state} and judges the result. */
  static Verdict decide(ConnectionPolicy policy, HandshakeContext context, Reservations state) {
    Verdict verdict = policy.evaluate(context);
    if (verdict instanceof Verdict.Reserve reserve) {
      Reserved result = state.commit(List.of(reserve.reservation())).get(0);
      if (result instanceof Reserved.Leased leased) {
        context.hold(leased.lease());
      }
      return reserve.judge().apply(result);
    }
    if (verdict instanceof Verdict.Deferred deferred) {
      return deferred.judge().get();
    }
    return verdict;
  }
}
