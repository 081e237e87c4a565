package dev.portcullis.core.port;

import dev.portcullis.core.model.Principal;
import java.util.List;

/**
 * Tokens that must no longer be honoured before their {@code exp}: one token by its {@code jti}, or
 * every token of a subject issued before a time. Handshakes and in-band authentication consult it;
 * sockets it covers close {@code 1008 revoked}. Bounded, thread-safe; expired revocations are forgotten.
 */
public interface RevocationList {

  /**
   * Adds a revocation, and tells every watcher, on every node that shares this list. A revocation of a
   * token or subject already revoked widens the one held ({@link Revocation#widenedBy}), never narrows it.
   *
   * @throws IllegalStateException when the list is full of live revocations and this one is of a new
   *                               token or subject
   */
  void revoke(Revocation revocation);

  /** Whether {@code principal}'s token is revoked. Never does I/O: called on handshakes and IO threads. */
  boolean isRevoked(Principal principal);

  /** Revocations in force, soonest to be forgotten first. */
  List<Revocation> list();

  /** Calls {@code listener} with every revocation added from now on, on any node that shares this list. */
  void watch(RevocationListener listener);

  /** Told about new revocations; must be quick and must not throw. */
  interface RevocationListener {
    void revoked(Revocation revocation);
  }
}
