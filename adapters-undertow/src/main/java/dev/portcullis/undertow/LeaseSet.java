package dev.portcullis.undertow;

import dev.portcullis.core.port.Lease;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection slots one connection holds, from admission to close. {@link #releaseAll()} frees each
 * of them exactly once, whoever calls it first (the session's close, or the HTTP connection dying
 * before the upgrade completed); a lease added after that is freed at once. Thread-safe.
 */
final class LeaseSet {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseSet.class);

  private final List<Lease> leases;
  private boolean released;
  private boolean claimed;

  LeaseSet(List<Lease> leases) {
    this.leases = new ArrayList<>(leases);
  }

  /**
   * Holds {@code lease} too.
   *
   * @return false when the set was already released, in which case {@code lease} was released now
   */
  boolean add(Lease lease) {
    synchronized (this) {
      if (!released) {
        leases.add(lease);
        return true;
      }
    }
    release(lease);
    return false;
  }

  /** A session took ownership: from now on only it releases the set. False when already released. */
  synchronized boolean claim() {
    claimed = true;
    return !released;
  }

  /** Releases the set unless a session owns it (the pre-upgrade safety net). */
  void releaseUnlessClaimed() {
    synchronized (this) {
      if (claimed) {
        return;
      }
    }
    releaseAll();
  }

  void releaseAll() {
    List<Lease> toRelease;
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
      toRelease = List.copyOf(leases);
      leases.clear();
    }
    toRelease.forEach(LeaseSet::release);
  }

  private static void release(Lease lease) {
    try {
      lease.release();
    } catch (RuntimeException e) {
      LOG.error("Releasing a connection lease failed; its slot may stay counted until the registry expires it", e);
    }
  }
}
