package dev.portcullis.jwt;

import dev.portcullis.core.port.HealthCheck;
import java.security.Key;
import java.util.Set;

/**
 * Where verification keys come from: an HMAC secret, one public key, or a JWKS endpoint. Thread-safe.
 */
interface KeySource {

  /** Every {@code alg} some key of this source could verify; empty when there is no key at all. */
  Set<String> fittingAlgorithms();

  /**
   * The key that verifies a token signed with {@code alg} under {@code kid}.
   *
   * @param alg an algorithm already on the allow-list
   * @param kid the token's key id, or {@code null}; only ever used as a map key
   * @throws KeyRefusal when no key fits ({@code UNKNOWN_KEY}, {@code KEYS_UNAVAILABLE},
   *                    {@code ALGORITHM_NOT_ALLOWED})
   */
  Key find(String alg, String kid);

  /** Whether keys are at hand, from what the source already knows (never a fetch). */
  default HealthCheck.Status status() {
    return new HealthCheck.Status(true, "configured key");
  }
}
