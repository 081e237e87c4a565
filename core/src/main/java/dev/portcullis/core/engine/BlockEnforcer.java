package dev.portcullis.core.engine;

import dev.portcullis.core.config.BlockingConfig;
import dev.portcullis.core.model.Cidr;
import dev.portcullis.core.model.CidrSet;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.OpenConnection;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Closes every open socket a new block covers ({@code 1008 blocked}), whichever node or operator made
 * the block: an address's sockets, every socket inside a blocked range, a blocked subject's sockets on
 * every address. {@code WS_ALLOWLIST} spares allow-listed addresses address and range blocks, as the
 * handshake does; a subject block is about who, not where, so it closes the subject's sockets
 * everywhere. Created once per node, at start-up; thread-safe.
 */
public final class BlockEnforcer {

  /** WebSocket close code for a policy violation (RFC 6455 §7.4.1). */
  public static final int POLICY_VIOLATION = 1008;
  public static final String BLOCKED = "blocked";

  private final ConnectionRegistry registry;
  private final CidrSet allowlist;

  /** Starts watching {@code blocks} for the life of the node. */
  @Inject
  public BlockEnforcer(BlockListPort blocks, ConnectionRegistry registry, BlockingConfig blocking) {
    this.registry = registry;
    this.allowlist = blocking.allowlist();
    blocks.watch(this::enforce);
  }

  private void enforce(Block block) {
    String key = block.addressKey();
    if (key.startsWith(Block.SUBJECT_PREFIX)) {
      String subject = key.substring(Block.SUBJECT_PREFIX.length());
      for (OpenConnection connection : registry.connections()) {
        Optional<Principal> principal = connection.principal();
        if (principal.isPresent() && principal.get().subject().equals(subject)) {
          connection.close(POLICY_VIOLATION, BLOCKED);
        }
      }
      return;
    }
    Cidr range = Cidr.parse(key); // a block list only holds keys that parse
    if (range.network() instanceof Inet4Address && range.prefixLength() == 32) {
      closeUnlessAllowlisted(registry.connectionsOf(key), null);
    } else {
      closeUnlessAllowlisted(registry.connections(), range);
    }
  }

  /** Closes {@code connections} (those inside {@code range}, when given) whose address is not allow-listed. */
  private void closeUnlessAllowlisted(Iterable<OpenConnection> connections, Cidr range) {
    for (OpenConnection connection : connections) {
      InetAddress address = connection.client().address();
      if ((range == null || range.contains(address)) && !allowlist.contains(address)) {
        connection.close(POLICY_VIOLATION, BLOCKED);
      }
    }
  }
}
