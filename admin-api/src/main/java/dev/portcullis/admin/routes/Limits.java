package dev.portcullis.admin.routes;

/** The bounds on what an operator may send. */
final class Limits {

  /** 30 days: the longest block or revocation an operator can set. */
  static final long MAX_SECONDS = 30L * 24 * 3600;
  /** Longest subject or token id. */
  static final int MAX_SUBJECT = 200;
  /** Longest reason. */
  static final int MAX_REASON = 200;
  /** No control characters: the text reaches log lines and the audit trail. */
  static final String PRINTABLE = "[^\\p{Cntrl}]*";
  /** Shortest IPv4 prefix that may be blocked: a /8 is already 16 million addresses. */
  static final int MIN_IPV4_PREFIX = 8;
  /** Shortest IPv6 prefix that may be blocked. */
  static final int MIN_IPV6_PREFIX = 16;
  /** What a block without a reason records. */
  static final String DEFAULT_REASON = "manual";
  /** The reason an operator's lift is published with. */
  static final String LIFT_REASON = "lifted";

  private Limits() {}
}
