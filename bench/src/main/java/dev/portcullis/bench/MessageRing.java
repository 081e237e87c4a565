package dev.portcullis.bench;

import java.util.SplittableRandom;

/**
 * A ring of {@link #SIZE} pre-built message texts, each with its own 16-character id, so that building
 * a message is never part of what a benchmark measures. {@link #next()} walks the ring and counts the
 * laps; {@link #restamp(long)} rebuilds the texts with a fresh timestamp, between iterations, so a long
 * run never drifts out of the timestamp window. Small enough to stay in the CPU caches, as a message
 * just read off a socket is. Not thread-safe; one per benchmark thread.
 */
final class MessageRing {

  static final int SIZE = 1024;

  /** Builds one message text. */
  @FunctionalInterface
  interface Template {
    String text(String id, long timestampMillis);
  }

  private final Template template;
  private final String[] ids = new String[SIZE];
  private final String[] texts = new String[SIZE];
  private int next;
  private long laps;

  MessageRing(Template template, long nowMillis) {
    this.template = template;
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < SIZE; i++) {
      // random-looking like a client's ids, and unique through the index in the last four digits
      ids[i] = String.format("%012x%04x", random.nextLong() >>> 16, i);
    }
    restamp(nowMillis);
  }

  /** Rebuilds every text with the same ids and {@code nowMillis} as the timestamp. */
  void restamp(long nowMillis) {
    for (int i = 0; i < SIZE; i++) {
      texts[i] = template.text(ids[i], nowMillis);
    }
  }

  /** The next text; after the last comes the first again, one lap later. */
  String next() {
    if (next == SIZE) {
      next = 0;
      laps++;
    }
    return texts[next++];
  }

  /** How many times the ring has wrapped. */
  long laps() {
    return laps;
  }
}
