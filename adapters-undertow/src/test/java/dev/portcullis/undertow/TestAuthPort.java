package dev.portcullis.undertow;

import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.AuthResult;
import java.time.Instant;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An AuthPort for tests: {@code good-<subject>} names {@code subject} with no expiry, and
 * {@code good-<subject>@<epoch seconds>} names it with that {@code exp}; anything else is badly signed.
 * Remembers which threads it ran on. Thread-safe.
 */
final class TestAuthPort implements AuthPort {

  static final String PREFIX = "good-";
  final Queue<String> threads = new ConcurrentLinkedQueue<>();

  /** A token for {@code subject} that expires at {@code exp}. */
  static String token(String subject, Instant exp) {
    return PREFIX + subject + "@" + exp.getEpochSecond();
  }

  @Override
  public AuthResult authenticate(BearerToken token) {
    threads.add(Thread.currentThread().getName());
    String value = token.value();
    if (!value.startsWith(PREFIX) || value.length() == PREFIX.length()) {
      return new AuthResult.Rejected(AuthFailure.BAD_SIGNATURE);
    }
    String claims = value.substring(PREFIX.length());
    int at = claims.indexOf('@');
    if (at < 0) {
      return new AuthResult.Authenticated(Principal.untokened(claims));
    }
    Instant exp = Instant.ofEpochSecond(Long.parseLong(claims.substring(at + 1)));
    return new AuthResult.Authenticated(new Principal(claims.substring(0, at), null, Set.of(), null, null, exp));
  }

  @Override
  public Optional<Principal> withoutToken() {
    return Optional.empty();
  }
}
