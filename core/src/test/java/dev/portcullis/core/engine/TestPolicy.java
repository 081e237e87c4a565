package dev.portcullis.core.engine;

import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A connection policy whose verdict a test chooses, and which records when it ran. Thread-safe. */
final class TestPolicy implements ConnectionPolicy {

  private final PolicyId id;
  private final PolicyKind kind;
  private final int order;
  private final Function<HandshakeContext, Verdict> verdict;
  private final List<Long> runNanos = new CopyOnWriteArrayList<>();
  private final List<String> journal;

  private TestPolicy(String id, PolicyKind kind, int order, Function<HandshakeContext, Verdict> verdict,
      List<String> journal) {
    this.id = PolicyId.of(id);
    this.kind = kind;
    this.order = order;
    this.verdict = verdict;
    this.journal = journal;
  }

  static TestPolicy of(String id, PolicyKind kind, int order, Function<HandshakeContext, Verdict> verdict) {
    return new TestPolicy(id, kind, order, verdict, new CopyOnWriteArrayList<>());
  }

  static TestPolicy allowing(String id, int order) {
    return of(id, PolicyKind.GUARD, order, c -> Verdict.allow());
  }

  static TestPolicy refusing(String id, int order, String code, int status) {
    return of(id, PolicyKind.GUARD, order, c -> Verdict.refuse(code, status));
  }

  /** This policy, also writing its id to {@code journal} each time it runs (to see the order of several). */
  TestPolicy journaledIn(List<String> journal) {
    return new TestPolicy(id.value(), kind, order, verdict, journal);
  }

  @Override
  public PolicyId id() {
    return id;
  }

  @Override
  public PolicyKind kind() {
    return kind;
  }

  @Override
  public int order() {
    return order;
  }

  @Override
  public Verdict evaluate(HandshakeContext context) {
    runNanos.add(System.nanoTime());
    journal.add(id.value());
    return verdict.apply(context);
  }

  int runs() {
    return runNanos.size();
  }

  long firstRunNanos() {
    return runNanos.get(0);
  }
}
