package dev.portcullis.admin.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The last {@code capacity} items added, newest first on reading. Adding is one atomic increment and one
 * array store: lock-free and allocation-free, so it may sit on the message path. A reader racing with
 * writers may see an item replaced by a newer one; it never sees a torn one. Thread-safe.
 */
public final class RecentRing<T> {

  private final AtomicReferenceArray<T> slots;
  private final AtomicLong added = new AtomicLong();

  public RecentRing(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a ring holds at least one item; capacity was " + capacity);
    }
    this.slots = new AtomicReferenceArray<>(capacity);
  }

  public void add(T item) {
    long n = added.getAndIncrement();
    slots.set((int) (n % slots.length()), item);
  }

  /** Up to {@code limit} items that pass {@code filter}, newest first. */
  public List<T> newest(Predicate<? super T> filter, int limit) {
    long end = added.get();
    long start = Math.max(0, end - slots.length());
    List<T> out = new ArrayList<>(Math.min(limit, slots.length()));
    for (long n = end - 1; n >= start && out.size() < limit; n--) {
      T item = slots.get((int) (n % slots.length()));
      if (item != null && filter.test(item)) {
        out.add(item);
      }
    }
    return out;
  }

  public int capacity() {
    return slots.length();
  }
}
