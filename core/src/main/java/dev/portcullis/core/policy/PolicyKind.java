package dev.portcullis.core.policy;

/**
 * What a policy protects, which decides whether {@code WS_ALLOWLIST} exempts an address from it.
 * Limits and blocks are about volume and reputation, so trusted ranges skip them; guards (origin,
 * authentication, message format) are about what the request is, so nobody skips them: an office
 * range browsing a hostile page is exactly the cross-site hijacking case the origin guard exists for.
 */
public enum PolicyKind {
  /** Counts or caps: rates, concurrency, capacity. Allow-listed addresses skip it. */
  LIMIT,
  /** Reputation: the block list. Allow-listed addresses skip it. */
  BLOCK,
  /** Identity and shape: origin, authentication, format. Applies to everyone. */
  GUARD;

  public boolean exemptForAllowlisted() {
    return this != GUARD;
  }
}
