package dev.portcullis.undertow;

import dev.portcullis.core.engine.BlockEnforcer;
import dev.portcullis.core.event.HandshakeRefused;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.LeaseScope;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker-thread half of an {@code auth} message: checks its token with the {@link
 * dev.portcullis.core.port.AuthPort} (which may wait on a JWKS fetch, so never on an IO thread), refuses a
 * revoked token like any invalid one, counts a refused token against the address
 * ({@code WS_MAX_FAILED_AUTH}), says whether the token's subject is blocked, and takes the subject's slot
 * ({@code WS_MAX_CONNECTIONS_PER_USER}) for a socket that had no principal yet. Stateless; thread-safe.
 */
final class TokenCheck {

  private static final Logger LOG = LoggerFactory.getLogger(TokenCheck.class);
  /** The carrier name {@code AuthenticationFailed} events use for tokens sent in {@code auth} messages. */
  private static final String MESSAGE_CARRIER = "message";
  /** The policy a blocked subject's {@code auth} message is refused under, as at the handshake. */
  private static final PolicyId SUBJECT_BLOCK = PolicyId.of("subject-block");

  /**
   * @param result         who the token names, or why it was refused
   * @param subjectBlocked the token is valid but its subject is blocked: the socket must close
   *                       {@code 1008 blocked}
   * @param slotTaken      whether the subject's slot was taken (and added to the socket's leases)
   */
  record Outcome(AuthResult result, boolean subjectBlocked, boolean slotTaken) {}

  private TokenCheck() {}

  /**
   * Checks {@code token} for socket {@code socketId}.
   *
   * @param needsSlot the socket has no principal yet, so an accepted token takes a subject slot
   * @param leases    where a taken slot goes; if the socket closed meanwhile, it is released at once
   */
  static Outcome run(String token, boolean needsSlot, SessionServices services, ClientAddress client, LeaseSet leases,
      String socketId) {
    AuthResult result;
    if (token == null || token.isEmpty()) {
      result = new AuthResult.Rejected(AuthFailure.MISSING);
    } else {
      try {
        result = services.auth().authenticate(new BearerToken(token, BearerToken.Carrier.MESSAGE));
        if (result instanceof AuthResult.Authenticated ok && services.revocations().isRevoked(ok.principal())) {
          result = new AuthResult.Rejected(AuthFailure.REVOKED);
        }
      } catch (RuntimeException e) {
        // The exception text might quote the token: only its kind is logged.
        LOG.error("The AuthPort failed with {} on an auth message of socket {}; refusing it",
            e.getClass().getName(), socketId);
        result = new AuthResult.Rejected(AuthFailure.KEYS_UNAVAILABLE);
      }
    }
    if (result instanceof AuthResult.Rejected rejected) {
      try {
        services.failedAuth().failed(client, rejected.reason(), MESSAGE_CARRIER);
      } catch (RuntimeException e) {
        LOG.error("Counting a failed authentication of {} failed", client, e);
      }
      return new Outcome(result, false, false);
    }
    Principal principal = ((AuthResult.Authenticated) result).principal();
    if (services.blocks().find(Block.subjectKey(principal.subject())).isPresent()) {
      boolean dryRun = services.dryRun().applies(SUBJECT_BLOCK);
      services.events().publish(new HandshakeRefused(services.clock().instant(), client.key(), BlockEnforcer.BLOCKED,
          SUBJECT_BLOCK.value(), principal.subject(), dryRun));
      if (!dryRun) {
        return new Outcome(result, true, false);
      }
    }
    if (!needsSlot) {
      return new Outcome(result, false, false);
    }
    Optional<Lease> slot = services.registry().tryLease(LeaseScope.SUBJECT, principal.subject(),
        services.connections().maxPerUser());
    return new Outcome(result, false, slot.isPresent() && leases.add(slot.get()));
  }

  /**
   * Whether {@code principal}'s subject is blocked, unless {@code WS_DRY_RUN} names the subject-block
   * policy. Only local lookups: safe on the IO thread too.
   */
  static boolean subjectBlocked(SessionServices services, Principal principal) {
    return services.blocks().find(Block.subjectKey(principal.subject())).isPresent()
        && !services.dryRun().applies(SUBJECT_BLOCK);
  }
}
