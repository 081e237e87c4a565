package dev.portcullis.admin.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Exact counts by refusal code. Counting a code already seen is a lock-free map read and a
 * {@link LongAdder} increment, without allocation; the first count of a new code creates its counter
 * (and tells {@code onNew}, which registers its metric). Plugins may invent codes, so at most
 * {@link #MAX_CODES} are told apart and the rest count under {@link #OTHER}. Thread-safe.
 */
public final class CodeCounts {

  /** Distinct codes kept apart; the contract has about a dozen. */
  public static final int MAX_CODES = 64;
  /** Where codes past {@link #MAX_CODES} are counted. */
  public static final String OTHER = "other";

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final BiConsumer<String, LongAdder> onNew;

  /** @param onNew told once about each new code's counter (under the map's lock: keep it quick) */
  public CodeCounts(BiConsumer<String, LongAdder> onNew) {
    this.onNew = onNew;
  }

  public void increment(String code) {
    LongAdder count = counts.get(code);
    if (count == null) {
      count = counterOf(code);
    }
    count.increment();
  }

  private LongAdder counterOf(String code) {
    String key = counts.size() >= MAX_CODES - 1 && !counts.containsKey(code) ? OTHER : code;
    return counts.computeIfAbsent(key, k -> {
      LongAdder adder = new LongAdder();
      onNew.accept(k, adder);
      return adder;
    });
  }

  /** The counts now, by code in alphabetical order. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((code, count) -> out.put(code, count.sum()));
    return out;
  }

  /** The sum over every code. */
  public long total() {
    long sum = 0;
    for (LongAdder count : counts.values()) {
      sum += count.sum();
    }
    return sum;
  }
}
