package dev.portcullis.admin.http;

import dev.portcullis.core.config.AdminConfig;
import dev.portcullis.core.engine.FailedAuthTracker;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.port.RevocationList;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether an admin request's bearer token is an admin's: the static {@code WS_ADMIN_TOKEN}
 * (compared in constant time, as SHA-256 digests, so neither its content nor its length shows in the
 * timing), or a JWT the node's {@link AuthPort} accepts, not revoked, whose {@code roles} hold
 * {@code WS_ADMIN_ROLE}.
 * Only one {@code Authorization: Bearer} header is read, strictly (RFC 6750 §2.1): a token in the query,
 * another scheme, characters outside the token alphabet or two headers are refused. Every refusal but a
 * missing role counts as a failed authentication of the caller's address, which blocks it after
 * {@code WS_MAX_FAILED_AUTH}, and in the surface's own {@link AdminLockout}, which also holds back an
 * address that {@code WS_ALLOWLIST} keeps from being blocked.
 * Thread-safe; {@link #check} may wait on the auth port (a JWKS fetch), so call it off IO threads.
 */
public final class AdminAccess {

  /** RFC 6750 §2.1 ({@code b64token}) after one or more spaces (RFC 7235 §2.1: {@code 1*SP}). */
  private static final Pattern BEARER = Pattern.compile("(?i:Bearer) +([A-Za-z0-9\\-._~+/]{1,8192}=*)");

  private final byte[] staticTokenDigest;
  private final String role;
  private final Optional<AuthPort> auth;
  private final RevocationList revocations;
  private final FailedAuthTracker failedAuth;
  private final AdminLockout lockout;

  public AdminAccess(AdminConfig config, Optional<AuthPort> auth, RevocationList revocations,
      FailedAuthTracker failedAuth, AdminLockout lockout) {
    this.staticTokenDigest = config.token() == null ? null : sha256(config.token().value());
    this.role = config.role();
    this.auth = auth;
    this.revocations = revocations;
    this.failedAuth = failedAuth;
    this.lockout = lockout;
  }

  /** How long {@code client} must wait before its token is checked again, or empty when it need not. */
  public Optional<Duration> lockedOut(ClientAddress client) {
    return lockout.remaining(client.key());
  }

  /** The outcome of a check. */
  public sealed interface Decision {}

  /** An admin: {@code actor} is recorded with each change. */
  public record Granted(String actor) implements Decision {}

  /** Refused: {@code 401 unauthorized} or {@code 403 forbidden}. */
  public record Refused(int status, String code) implements Decision {}

  /**
   * Judges the {@code Authorization} header values of a request from {@code client}.
   *
   * @param authorization every {@code Authorization} header value, in order
   */
  public Decision check(ClientAddress client, List<String> authorization) {
    if (authorization.isEmpty()) {
      return failed(client, AuthFailure.MISSING, "none");
    }
    var bearer = authorization.size() == 1 ? BEARER.matcher(authorization.get(0)) : null;
    if (bearer == null || !bearer.matches()) {
      return failed(client, AuthFailure.MALFORMED, "header");
    }
    String token = bearer.group(1);
    if (staticTokenDigest != null && MessageDigest.isEqual(staticTokenDigest, sha256(token))) {
      return new Granted(Caller.STATIC_TOKEN);
    }
    if (auth.isEmpty()) {
      return failed(client, AuthFailure.BAD_SIGNATURE, "header");
    }
    AuthResult result = auth.get().authenticate(new BearerToken(token, BearerToken.Carrier.HEADER));
    if (result instanceof AuthResult.Rejected rejected) {
      return failed(client, rejected.reason(), "header");
    }
    Principal principal = ((AuthResult.Authenticated) result).principal();
    if (revocations.isRevoked(principal)) {
      return failed(client, AuthFailure.REVOKED, "header");
    }
    return principal.hasRole(role) ? new Granted(principal.subject()) : new Refused(403, "forbidden");
  }

  private Decision failed(ClientAddress client, AuthFailure reason, String carrier) {
    lockout.failed(client.key());
    failedAuth.failed(client, reason, carrier);
    return new Refused(401, "unauthorized");
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
