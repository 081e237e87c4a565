package dev.portcullis.undertow;

/** The WebSocket close codes this transport sends, with the reason texts of CONTRACT §3. */
final class CloseCodes {

  /** RFC 6455 §7.4.1: the endpoint is going away (the node is draining). */
  static final int GOING_AWAY = 1001;
  /** RFC 6455 §7.4.1: a text message that is not UTF-8 (§8.1). */
  static final int INVALID_PAYLOAD = 1007;
  /** RFC 6455 §7.4.1: the message broke a policy. */
  static final int POLICY_VIOLATION = 1008;
  /** RFC 6455 §7.4.1: the message is too big to process. */
  static final int MESSAGE_TOO_BIG = 1009;
  /** RFC 6455 §7.4.1: the server met an unexpected condition. */
  static final int INTERNAL_ERROR = 1011;
  /** RFC 6455 §7.4.1 (IANA registry, RFC 6455 §11.7): try again later; used when the client reads too slowly. */
  static final int TRY_AGAIN_LATER = 1013;
  /** RFC 6455 §7.4.1: reserved for "closed without a close frame"; never sent, only reported. */
  static final int ABNORMAL = 1006;

  static final String SHUTDOWN = "shutdown";
  static final String AUTH_TIMEOUT = "auth_timeout";
  static final String TOKEN_EXPIRED = "token_expired";
  static final String TOO_MANY_VIOLATIONS = "too_many_violations";
  static final String HEARTBEAT_TIMEOUT = "heartbeat_timeout";
  static final String CONNECTION_TIMEOUT = "connection_timeout";
  static final String TOO_MANY_CONNECTIONS = "too_many_connections";
  static final String MESSAGE_TOO_BIG_REASON = "message_too_big";
  static final String QUEUE_FULL = "queue_full";

  /** RFC 6455 §5.5: a control frame carries at most 125 bytes, two of them the code. */
  static final int MAX_REASON_BYTES = 123;

  private CloseCodes() {}

  /**
   * Whether an endpoint may send {@code code} in a close frame (RFC 6455 §7.4.1, §7.4.2): 1000-1003,
   * 1007-1014 and the registered or private 3000-4999. 1004-1006 and 1015 are never sent.
   */
  static boolean sendable(int code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
  }
}
