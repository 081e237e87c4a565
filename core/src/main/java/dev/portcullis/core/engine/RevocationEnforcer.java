package dev.portcullis.core.engine;

import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.OpenConnection;
import dev.portcullis.core.port.Revocation;
import dev.portcullis.core.port.RevocationList;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Closes every open socket whose token a new revocation covers ({@code 1008 revoked}), whichever node
 * or operator made it: the socket holding that {@code jti}, or the subject's sockets whose token was
 * issued before the revocation's time (or says nothing of when it was issued). Allow-listed addresses
 * are not spared: a revocation is about the token, not the address. A socket that has not authenticated
 * yet has no token to revoke; its {@code auth} message is checked when it comes. Created once per node,
 * at start-up; thread-safe.
 */
public final class RevocationEnforcer {

  public static final String REVOKED = "revoked";

  /** Starts watching {@code revocations} for the life of the node. */
  @Inject
  public RevocationEnforcer(RevocationList revocations, ConnectionRegistry registry) {
    revocations.watch(revocation -> enforce(revocation, registry));
  }

  private static void enforce(Revocation revocation, ConnectionRegistry registry) {
    for (OpenConnection connection : registry.connections()) {
      Optional<Principal> principal = connection.principal();
      if (principal.isPresent() && revocation.covers(principal.get())) {
        connection.close(BlockEnforcer.POLICY_VIOLATION, REVOKED);
      }
    }
  }
}
