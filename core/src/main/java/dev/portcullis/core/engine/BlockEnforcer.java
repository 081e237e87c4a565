package dev.portcullis.core.engine;

import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.OpenConnection;
import jakarta.inject.Inject;

/**
 * Closes every open socket of an address the moment it is blocked ({@code 1008 blocked}), whichever
 * node or operator made the block. Created once per node, at start-up.
 */
public final class BlockEnforcer {

  /** WebSocket close code for a policy violation (RFC 6455 §7.4.1). */
  public static final int POLICY_VIOLATION = 1008;

  /** Starts watching {@code blocks} for the life of the node. */
  @Inject
  public BlockEnforcer(BlockListPort blocks, ConnectionRegistry registry) {
    blocks.watch(block -> {
      for (OpenConnection connection : registry.connectionsOf(block.addressKey())) {
        connection.close(POLICY_VIOLATION, "blocked");
      }
    });
  }
}
