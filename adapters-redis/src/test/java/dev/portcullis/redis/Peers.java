package dev.portcullis.redis;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Distinct client addresses on this machine: on Linux a client may bind any address of
 * {@code 127.0.0.0/8}, so each test gets addresses no other test of the run used. Thread-safe.
 */
final class Peers {

  private static final AtomicInteger NEXT = new AtomicInteger(1);

  private Peers() {}

  static String next() {
    int n = NEXT.getAndIncrement();
    return "127.42." + (n / 250) % 250 + "." + (1 + n % 250);
  }
}
