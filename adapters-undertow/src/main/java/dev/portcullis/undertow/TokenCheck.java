package dev.portcullis.undertow;

import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.LeaseScope;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker-thread half of an {@code auth} message: checks its token with the {@link
 * dev.portcullis.core.port.AuthPort} (which may wait on a JWKS fetch, so never on an IO thread), counts a
 * refused token against the address ({@code WS_MAX_FAILED_AUTH}), and takes the subject's slot
 * ({@code WS_MAX_CONNECTIONS_PER_USER}) for a socket that had no principal yet. Stateless; thread-safe.
 */
final class TokenCheck {

  private static final Logger LOG = LoggerFactory.getLogger(TokenCheck.class);
  /** The carrier name {@code AuthenticationFailed} events use for tokens sent in {@code auth} messages. */
  private static final String MESSAGE_CARRIER = "message";

  /**
   * @param result    who the token names, or why it was refused
   * @param slotTaken whether the subject's slot was taken (and added to the socket's leases)
   */
  record Outcome(AuthResult result, boolean slotTaken) {}

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
      return new Outcome(result, false);
    }
    if (!needsSlot) {
      return new Outcome(result, false);
    }
    Optional<Lease> slot = services.registry().tryLease(LeaseScope.SUBJECT,
        ((AuthResult.Authenticated) result).principal().subject(), services.connections().maxPerUser());
    return new Outcome(result, slot.isPresent() && leases.add(slot.get()));
  }
}
