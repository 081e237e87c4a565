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

  /** The open connections of this node. */
  List<OpenConnection> connections();

  /** The open connections of one client address key. */
  List<OpenConnection> connectionsOf(String addressKey);

  /**
   * Closes connection {@code id} with a WebSocket close {@code code} and {@code reason} on whichever node
   * holds it. A registry shared by a fleet asks the other nodes when this one does not hold it, and waits
   * a bounded moment for the holder's answer.
   *
   * @return whether a node held the connection (and closed it)
   */
  default boolean kick(String id, int code, String reason) {
    for (OpenConnection connection : connections()) {
      if (connection.id().equals(id)) {
        connection.close(code, reason);
        return true;
      }
    }
    return false;
  }

  /**
   * The nodes of the fleet and the connections each holds, as the shared state last heard from them;
   * empty when the registry is this node's alone.
   */
  default List<NodeConnections> nodes() {
    return List.of();
  }
}
