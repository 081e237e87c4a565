package dev.portcullis.undertow;

import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.AuthResult;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An AuthPort for tests: {@code good-<subject>} names {@code subject}; anything else is badly signed.
 * Remembers which threads it ran on. Thread-safe.
 */
final class TestAuthPort implements AuthPort {

  static final String PREFIX = "good-";
  final Queue<String> threads = new ConcurrentLinkedQueue<>();

  @Override
  public AuthResult authenticate(BearerToken token) {
    threads.add(Thread.currentThread().getName());
    if (token.value().startsWith(PREFIX) && token.value().length() > PREFIX.length()) {
      return new AuthResult.Authenticated(Principal.untokened(token.value().substring(PREFIX.length())));
    }
    return new AuthResult.Rejected(AuthFailure.BAD_SIGNATURE);
  }

  @Override
  public Optional<Principal> withoutToken() {
    return Optional.empty();
  }
}
