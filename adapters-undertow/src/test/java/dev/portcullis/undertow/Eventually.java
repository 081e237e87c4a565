package dev.portcullis.undertow;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a timeout passes; never waits without a bound. */
final class Eventually {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Eventually() {}

  static void holds(String what, BooleanSupplier condition) throws InterruptedException {
    holds(what, TIMEOUT, condition);
  }

  static void holds(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      Thread.sleep(10);
    }
  }

  /** Waits until {@code value} equals {@code expected}; the assertion message shows the last value. */
  static <T> void equals(String what, T expected, Supplier<T> value) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    T last = value.get();
    while (!expected.equals(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what + " is " + expected + "; it is " + last);
      }
      Thread.sleep(10);
      last = value.get();
    }
  }
}
