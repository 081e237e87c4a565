package dev.portcullis.core.event;

import java.time.Instant;

/**
 * A connection was refused before the upgrade, or would have been ({@code dryRun}).
 *
 * @param reason  the refusal code the client saw, e.g. {@code rate_limited}
 * @param policy  the id of the refusing policy
 * @param subject the authenticated subject when known, else {@code null}
 * @param dryRun  true when the policy runs in dry-run mode and the connection was admitted anyway
 */
public record HandshakeRefused(
    Instant time, String address, String reason, String policy, String subject, boolean dryRun)
    implements SecurityEvent {

  @Override
  public String kind() {
    return dryRun ? "connection_would_be_refused" : "connection_refused";
  }
}
