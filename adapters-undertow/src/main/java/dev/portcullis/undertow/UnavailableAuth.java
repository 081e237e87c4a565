package dev.portcullis.undertow;

import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.AuthResult;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in when no {@link AuthPort} is bound (no authentication adapter on the class path): every
 * token is refused, so first-message authentication fails closed. Thread-safe.
 */
final class UnavailableAuth implements AuthPort {

  private static final Logger LOG = LoggerFactory.getLogger(UnavailableAuth.class);

  @Override
  public AuthResult authenticate(BearerToken token) {
    LOG.error("A socket sent a token but no AuthPort is bound (add an authentication adapter such as "
        + "portcullis-adapters-jwt); refusing it");
    return new AuthResult.Rejected(AuthFailure.KEYS_UNAVAILABLE);
  }

  @Override
  public Optional<Principal> withoutToken() {
    return Optional.empty();
  }
}
