package dev.portcullis.core.port;

import java.util.Locale;

/** Why a token was refused. Logged and counted; the client only ever sees {@code unauthorized}. */
public enum AuthFailure {
  MISSING,
  MALFORMED,
  BAD_SIGNATURE,
  ALGORITHM_NOT_ALLOWED,
  UNTRUSTED_HEADER,
  UNKNOWN_KEY,
  KEYS_UNAVAILABLE,
  EXPIRED,
  MISSING_EXPIRY,
  NOT_YET_VALID,
  ISSUED_IN_FUTURE,
  WRONG_ISSUER,
  WRONG_AUDIENCE,
  WRONG_AUTHORIZED_PARTY,
  MISSING_SUBJECT,
  /** A valid token that an operator revoked ({@link RevocationList}). */
  REVOKED;

  /** The reason as it appears in events and log lines, e.g. {@code bad_signature}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
