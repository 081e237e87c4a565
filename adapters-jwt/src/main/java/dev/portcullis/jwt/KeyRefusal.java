package dev.portcullis.jwt;

import dev.portcullis.core.port.AuthFailure;

/**
 * A key source's refusal to name a key, thrown through jjwt's key locator (which lets it pass
 * unwrapped) and turned back into an {@link AuthFailure}. Carries no stack trace and no token text.
 */
final class KeyRefusal extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final AuthFailure reason;

  KeyRefusal(AuthFailure reason) {
    super(reason.code(), null, false, false);
    this.reason = reason;
  }

  AuthFailure reason() {
    return reason;
  }
}
