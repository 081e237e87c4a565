package dev.portcullis.policies;

import dev.portcullis.core.config.NetworkConfig;
import dev.portcullis.core.model.Origin;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Set;

/**
 * Stops cross-site WebSocket hijacking: a browser always sends {@code Origin}, so a present origin
 * must be on {@code WS_ALLOWED_ORIGINS} (exact match after normalisation: no prefix, suffix or
 * wildcard matching), or, when that list is empty, name the same host and port the request was sent
 * to. Requests without an origin (non-browser clients) pass; authentication still applies to them.
 * Thread-safe.
 */
public final class OriginPolicy implements ConnectionPolicy {

  public static final PolicyId ID = PolicyId.of("origin");
  private static final Verdict REFUSED = Verdict.refuse("origin_not_allowed", 403);
  private final Set<String> allowed;

  @Inject
  public OriginPolicy(NetworkConfig network) {
    this.allowed = network.allowedOrigins();
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
    return 200;
  }

  @Override
  public Verdict evaluate(HandshakeContext context) {
    String origin = context.request().origin();
    if (origin == null) {
      return Verdict.allow();
    }
    String normalized = Origin.normalizeOrNull(origin);
    if (normalized == null) {
      return REFUSED; // "null", file:, garbage: no browser page we could trust
    }
    boolean ok = allowed.isEmpty() ? sameHost(normalized, context.request().host()) : allowed.contains(normalized);
    return ok ? Verdict.allow() : REFUSED;
  }

  /** Whether the origin's host and port are those of the {@code Host} header (default ports folded). */
  static boolean sameHost(String normalizedOrigin, String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    String authority = normalizedOrigin.substring(normalizedOrigin.indexOf("://") + 3);
    String scheme = normalizedOrigin.substring(0, normalizedOrigin.indexOf("://"));
    String host = Origin.normalizeOrNull(scheme + "://" + hostHeader.trim().toLowerCase(Locale.ROOT));
    return host != null && host.substring(host.indexOf("://") + 3).equals(authority);
  }
}
