package dev.portcullis.core.port;

import java.util.Objects;

/**
 * One node of a fleet as shared state knows it.
 *
 * @param node        the node's id, unique in the fleet
 * @param connections the open connections it reported last
 * @param self        whether it is the node answering
 */
public record NodeConnections(String node, long connections, boolean self) {

  public NodeConnections {
    Objects.requireNonNull(node, "node");
  }
}
