package dev.portcullis.core.port;

/** What a connection slot is counted against. */
public enum LeaseScope {
  /** Open connections of one client address ({@code WS_MAX_CONCURRENT_PER_IP}). */
  ADDRESS,
  /** Open connections of one authenticated subject ({@code WS_MAX_CONNECTIONS_PER_USER}). */
  SUBJECT,
  /** Open connections of the node ({@code WS_MAX_CONNECTIONS_TOTAL}); the key is ignored. */
  TOTAL
}
