package dev.portcullis.core.port;

import java.util.List;
import java.util.Optional;

/**
 * Counts connection slots per address, per subject and in total, and knows every open connection.
 * Thread-safe.
 */
public interface ConnectionRegistry {

  /** Takes one slot of {@code scope}/{@code key} if fewer than {@code limit} are held; empty otherwise. */
  Optional<Lease> tryLease(LeaseScope scope, String key, int limit);

  /** Slots of {@code scope}/{@code key} held right now. */
  long leased(LeaseScope scope, String key);

  void register(OpenConnection connection);

  void unregister(OpenConnection connection);

  List<OpenConnection> connections();

  /** The open connections of one client address key. */
  List<OpenConnection> connectionsOf(String addressKey);
}
