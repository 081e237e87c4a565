package dev.portcullis.core.port;

import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.Principal;
import java.util.Optional;

/**
 * Answers "who is this token?". Implementations are thread-safe and may block on I/O (a JWKS fetch),
 * so they are only called from worker threads.
 */
public interface AuthPort {

  /** Checks {@code token} completely: signature, algorithm, and every required claim. */
  AuthResult authenticate(BearerToken token);

  /**
   * The principal a connection without any token gets, when the configuration grants one (the
   * development bypass), or empty when a token is needed.
   */
  Optional<Principal> withoutToken();
}
