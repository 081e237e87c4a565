package dev.portcullis.jwt;

import dev.portcullis.core.port.AuthFailure;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.InvalidKeyException;
import io.jsonwebtoken.security.SecurityException;
import io.jsonwebtoken.security.SignatureException;

/**
 * Translates what jjwt throws into an {@link AuthFailure}. Only the exception's type is looked at:
 * jjwt messages may quote the header or claims, so they are never logged or passed on. Stateless.
 */
final class JjwtFailures {

  private JjwtFailures() {}

  static AuthFailure of(RuntimeException e) {
    if (e instanceof KeyRefusal refusal) {
      return refusal.reason();
    }
    if (e instanceof ExpiredJwtException) {
      return AuthFailure.EXPIRED;
    }
    if (e instanceof PrematureJwtException) {
      return AuthFailure.NOT_YET_VALID;
    }
    if (e instanceof SignatureException) {
      // jjwt reports an alg missing from its sig() collection as a SignatureException around this
      return e.getCause() instanceof UnsupportedJwtException ? AuthFailure.ALGORITHM_NOT_ALLOWED
          : AuthFailure.BAD_SIGNATURE;
    }
    if (e instanceof InvalidKeyException || e.getCause() instanceof InvalidKeyException) {
      return AuthFailure.ALGORITHM_NOT_ALLOWED; // the key does not fit the alg (or is too weak for it)
    }
    if (e instanceof SecurityException) {
      return AuthFailure.BAD_SIGNATURE;
    }
    return AuthFailure.MALFORMED;
  }
}
