package dev.portcullis.undertow;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The sockets this transport has open, so that a drain can close them and wait for them to go.
 * Bounded by the open connections. Thread-safe.
 */
final class LiveSessions {

  private final Set<GuardedSession> sessions = ConcurrentHashMap.newKeySet();

  void add(GuardedSession session) {
    sessions.add(session);
  }

  void remove(GuardedSession session) {
    sessions.remove(session);
    synchronized (this) {
      notifyAll();
    }
  }

  /** Visits every session without copying the set (weakly consistent: one added meanwhile may be missed). */
  void forEach(Consumer<GuardedSession> visit) {
    sessions.forEach(visit);
  }

  List<GuardedSession> snapshot() {
    return List.copyOf(sessions);
  }

  int size() {
    return sessions.size();
  }

  /**
   * Waits until no session is left or {@code timeout} has passed; an interrupt ends the wait early
   * and stays set.
   *
   * @return true when no session is left
   */
  boolean awaitEmpty(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (!sessions.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          // Bounded waits: a removal between the check and the wait is seen at the next round.
          wait(Math.max(1, Math.min(left / 1_000_000, 50)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return sessions.isEmpty();
        }
      }
      return true;
    }
  }
}
