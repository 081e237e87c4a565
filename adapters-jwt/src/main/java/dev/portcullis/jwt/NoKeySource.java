package dev.portcullis.jwt;

import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.HealthCheck;
import java.security.Key;
import java.util.Set;

/** No key is configured (allowed without {@code WS_REQUIRE_AUTH} or under the bypass): refuses all. */
final class NoKeySource implements KeySource {

  @Override
  public Set<String> fittingAlgorithms() {
    return Set.of();
  }

  @Override
  public Key find(String alg, String kid) {
    throw new KeyRefusal(AuthFailure.KEYS_UNAVAILABLE);
  }

  /** Ready as configured: without a key only the development bypass, or nothing, is admitted. */
  @Override
  public HealthCheck.Status status() {
    return new HealthCheck.Status(true, "no key configured: every token is refused");
  }
}
