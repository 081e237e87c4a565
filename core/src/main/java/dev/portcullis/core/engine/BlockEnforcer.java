package dev.portcullis.core.engine;

import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.OpenConnection;

/**
 * Closes every open socket of an address the moment it is blocked ({@code 1008 blocked}), whichever
 * node or operator made the block.
 */
public final class BlockEnforcer {

  /** WebSocket close code for a policy violation (RFC 6455 §7.4.1). */
  public static final int POLICY_VIOLATION = 1008;

  private BlockEnforcer() {}

  public static void enforce(BlockListPort blocks, ConnectionRegistry registry) {
    blocks.watch(block -> {
      for (OpenConnection connection : registry.connectionsOf(block.addressKey())) {
        connection.close(POLICY_VIOLATION, "blocked");
      }
    });
  }
}
