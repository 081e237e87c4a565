package dev.portcullis.core.inject;

import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.AuthResult;
import java.util.Optional;

/** An authenticator that refuses every token. */
final class TestAuthPort implements AuthPort {

  @Override
  public AuthResult authenticate(BearerToken token) {
    return new AuthResult.Rejected(AuthFailure.BAD_SIGNATURE);
  }

  @Override
  public Optional<Principal> withoutToken() {
    return Optional.empty();
  }
}
