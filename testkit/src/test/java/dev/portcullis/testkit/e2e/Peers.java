package dev.portcullis.testkit.e2e;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out distinct loopback addresses ({@code 127.1.0.2}, {@code 127.1.0.3}, ...) for clients to bind,
 * so that every test is a new peer to the server and no limit, counter or block leaks between tests.
 * {@code 127.0.0.0/16} and {@code 127.200.0.0/16} are never handed out: tests use them on purpose.
 * Thread-safe.
 */
final class Peers {

  private static final AtomicInteger NEXT = new AtomicInteger();

  private Peers() {}

  /** A loopback address no other caller in this JVM got. */
  static String next() {
    int n = NEXT.getAndIncrement();
    int second = 1 + n / (250 * 250);
    if (second >= 200) {
      throw new IllegalStateException("out of test peer addresses");
    }
    return "127." + second + "." + (n / 250) % 250 + "." + (2 + n % 250);
  }
}
