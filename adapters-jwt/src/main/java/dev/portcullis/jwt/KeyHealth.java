package dev.portcullis.jwt;

import dev.portcullis.core.port.HealthCheck;

/** Reports in {@code /health} whether the token verification keys are at hand (a JWKS endpoint's above all). */
final class KeyHealth implements HealthCheck {

  private final JjwtAuthenticator authenticator;

  KeyHealth(JjwtAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public String name() {
    return "jwt-keys";
  }

  @Override
  public Status check() {
    return authenticator.keyStatus();
  }
}
