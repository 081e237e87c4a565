package dev.portcullis.policies;

import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.engine.FailedAuthTracker;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.HandshakeRequest;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.port.RevocationList;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides who the client is (CONTRACT §2). A presented token must be valid, whatever else is
 * configured; a refused one answers {@code 401 unauthorized} and counts as a failed authentication of
 * the address. So does a valid token that an operator revoked ({@link RevocationList}): to the client it
 * is one more invalid token, and the event's reason is {@code revoked}. Without a token: the development bypass names the client; with
 * {@code WS_REQUIRE_AUTH=false} it stays anonymous; with {@code WS_AUTH_TIMEOUT} above zero the
 * socket must authenticate by its first message; otherwise {@code 401}. Never exempt: the allow-list
 * spares addresses limits, not authentication. Thread-safe.
 */
public final class AuthenticationPolicy implements ConnectionPolicy {

  public static final PolicyId ID = PolicyId.of("authentication");
  static final Verdict UNAUTHORIZED = Verdict.refuse("unauthorized", 401);

  private final AuthPort auth;
  private final FailedAuthTracker failures;
  private final RevocationList revocations;
  private final AuthConfig config;

  @Inject
  public AuthenticationPolicy(AuthPort auth, FailedAuthTracker failures, RevocationList revocations,
      AuthConfig config) {
    this.auth = auth;
    this.failures = failures;
    this.revocations = revocations;
    this.config = config;
  }

  @Override
  public PolicyId id() {
    return ID;
  }

  @Override
  public PolicyKind kind() {
    return PolicyKind.GUARD;
  }

  @Override
  public int order() {
    return 500;
  }

  @Override
  public Verdict evaluate(HandshakeContext context) {
    HandshakeRequest request = context.request();
    BearerToken token = request.token();
    if (token != null) {
      AuthResult result = auth.authenticate(token);
      AuthFailure reason;
      if (result instanceof AuthResult.Authenticated ok) {
        if (!revocations.isRevoked(ok.principal())) {
          context.authenticated(ok.principal());
          return Verdict.allow();
        }
        reason = AuthFailure.REVOKED;
      } else {
        reason = ((AuthResult.Rejected) result).reason();
      }
      return failed(request, reason, token.carrier().name().toLowerCase(Locale.ROOT));
    }
    Optional<Principal> bypass = auth.withoutToken();
    if (bypass.isPresent()) {
      context.authenticated(bypass.get());
      return Verdict.allow();
    }
    if (!config.requireAuth()) {
      return Verdict.allow();
    }
    if (!config.authTimeout().isZero()) {
      context.deferAuthentication();
      return Verdict.allow();
    }
    return failed(request, AuthFailure.MISSING, "none");
  }

  /**
   * {@code 401}, counted as a failed authentication only when the handshake gets this far: a client
   * refused by an earlier limit (its reservation is committed after this policy ran) was never judged
   * on its token.
   */
  private Verdict failed(HandshakeRequest request, AuthFailure reason, String carrier) {
    return Verdict.deferred(() -> {
      failures.failed(request.client(), reason, carrier);
      return UNAUTHORIZED;
    });
  }
}
