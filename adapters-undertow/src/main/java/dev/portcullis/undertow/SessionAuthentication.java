package dev.portcullis.undertow;

import dev.portcullis.core.engine.BlockEnforcer;
import dev.portcullis.core.engine.RevocationEnforcer;
import dev.portcullis.core.message.Envelope;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.port.AuthResult;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;

/**
 * Who is behind one socket, and whether they still may be: the principal the handshake admitted or an
 * {@code auth} message brought, and its expiry.
 *
 * <p>A socket whose handshake deferred authentication may only send {@code auth} until a token is
 * accepted (anything else is refused {@code unauthenticated}); the token is checked on a worker thread,
 * never the IO thread, and answered {@code {"type":"auth_ok"}}. Later {@code auth} messages refresh the
 * token: it must be valid, not revoked, and name the same subject. A valid token whose subject is blocked
 * closes the socket {@code 1008 blocked}; a socket whose token is revoked or whose subject is blocked
 * while it is open is closed by the core's enforcers, and one the handshake admitted just before such a
 * change is closed as it starts ({@link #standingLost()}). The socket never outlives its token: at the
 * principal's {@code exp} it closes {@code 1008 token_expired}, and no message is processed after it.
 *
 * <p>Thread-safe: the getters may be called from any thread, the rest runs on the socket's IO thread.
 */
final class SessionAuthentication {

  /** The policy name the transport's own {@code unauthenticated} refusals are published under. */
  static final String POLICY = "authentication";
  private static final PolicyId POLICY_ID = PolicyId.of(POLICY);
  private static final long NEVER = Long.MAX_VALUE;

  private final GuardedSession session;
  private final SessionCloser closer;
  private final SessionServices services;
  private final LeaseSet leases;

  /** False while a deferred authentication is awaited. */
  private volatile boolean authenticated;
  private volatile Principal principal;
  /** The principal's {@code exp} in epoch milliseconds, {@link #NEVER} without a token behind it. */
  private volatile long expiresAtMillis;
  /** Only the IO thread. */
  private boolean authInFlight;

  SessionAuthentication(GuardedSession session, SessionCloser closer, SessionServices services, LeaseSet leases,
      HandshakeContext admitted) {
    this.session = session;
    this.closer = closer;
    this.services = services;
    this.leases = leases;
    this.authenticated = !admitted.authenticationDeferred();
    adopt(admitted.principal().orElse(null));
  }

  boolean authenticated() {
    return authenticated;
  }

  /** The current principal, null before a deferred authentication. */
  Principal principal() {
    return principal;
  }

  /** For the sweep: whether the token is past its {@code exp} at {@code nowMillis} of the clock. */
  boolean expiredAt(long nowMillis) {
    return nowMillis >= expiresAtMillis;
  }

  /** AUTH-23: past the token's {@code exp} the socket closes and the message is not processed. */
  boolean tokenExpired() {
    long expiry = expiresAtMillis;
    if (expiry == NEVER || services.clock().millis() < expiry) {
      return false;
    }
    session.close(CloseCodes.POLICY_VIOLATION, CloseCodes.TOKEN_EXPIRED);
    return true;
  }

  /**
   * {@code revoked} or {@code blocked} when the current principal may no longer hold a socket, else null.
   * Asked as the socket starts, once it is registered, for the same reason as in
   * {@link #adoptUnlessRevokedOrBlocked}.
   */
  String standingLost() {
    return standingLost(principal);
  }

  /**
   * An {@code auth} message that passed the pipeline: its token is checked on a worker thread (the
   * AuthPort may wait on a JWKS fetch). One check at a time; another {@code auth} meanwhile is refused.
   */
  void authenticate(Envelope envelope) {
    String ref = envelope.id();
    if (authInFlight) {
      session.refuseUnauthenticated(ref);
      return;
    }
    authInFlight = true;
    String token = envelope.token();
    boolean needsSlot = principal == null;
    try {
      services.workers().execute(() -> {
        TokenCheck.Outcome outcome = TokenCheck.run(token, needsSlot, services, session.client(), leases,
            session.id());
        closer.onIoThread(() -> checked(outcome, ref, needsSlot));
      });
    } catch (RejectedExecutionException e) {
      authInFlight = false;
      session.refuseUnauthenticated(ref);
    }
  }

  /**
   * Back on the IO thread: adopts the new principal, refuses the {@code auth} message, or closes the
   * socket {@code 1008 blocked} when the token's subject is blocked.
   */
  private void checked(TokenCheck.Outcome outcome, String ref, boolean needsSlot) {
    authInFlight = false;
    if (closer.closing()) {
      return;
    }
    closer.startJudging();
    try {
      AuthResult result = outcome.result();
      Principal current = principal;
      if (outcome.subjectBlocked()) {
        session.close(CloseCodes.POLICY_VIOLATION, BlockEnforcer.BLOCKED);
      } else if (!(result instanceof AuthResult.Authenticated ok)
          || (current != null && !current.subject().equals(ok.principal().subject()))) {
        // A bad token, or a refresh naming someone else: the socket keeps its principal and expiry.
        session.refuseUnauthenticated(ref);
      } else if (needsSlot && !outcome.slotTaken()) {
        session.close(CloseCodes.POLICY_VIOLATION, CloseCodes.TOO_MANY_CONNECTIONS);
      } else if (adoptUnlessRevokedOrBlocked(ok.principal())) {
        session.accepted(ok.principal());
        if (!authenticated) {
          authenticated = true;
          session.opened();
        }
      }
    } catch (RuntimeException e) {
      session.failed(e);
    } finally {
      closer.endJudging();
    }
  }

  /**
   * Adopts {@code who}, then checks it once more against revocations and subject blocks (local lookups)
   * and closes the socket if one now covers it. Adopting first closes the race with a revocation or block
   * made while the token was being checked: either its enforcer sees the new principal when it scans the
   * open sockets, or this check sees the revocation or block.
   *
   * @return true when the socket keeps {@code who}
   */
  private boolean adoptUnlessRevokedOrBlocked(Principal who) {
    adopt(who);
    String reason = standingLost(who);
    if (reason == null) {
      return true;
    }
    session.close(CloseCodes.POLICY_VIOLATION, reason);
    return false;
  }

  /** {@code revoked} or {@code blocked} when {@code who} may no longer hold a socket, else null. */
  private String standingLost(Principal who) {
    if (who == null) {
      return null;
    }
    if (services.revocations().isRevoked(who) && !services.dryRun().applies(POLICY_ID)) {
      return RevocationEnforcer.REVOKED;
    }
    return TokenCheck.subjectBlocked(services, who) ? BlockEnforcer.BLOCKED : null;
  }

  private void adopt(Principal who) {
    principal = who;
    Instant exp = who == null ? null : who.expiresAt();
    expiresAtMillis = exp == null ? NEVER : exp.toEpochMilli();
  }
}
