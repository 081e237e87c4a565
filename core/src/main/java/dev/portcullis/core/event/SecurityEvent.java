package dev.portcullis.core.event;

import java.time.Instant;

/**
 * Something security-relevant happened (CONTRACT §5). Every event is one structured log line on
 * {@code portcullis.security} and one call to every {@link dev.portcullis.core.port.ViolationSink}.
 * Events never carry a token, a secret, or a message payload. Immutable.
 */
public sealed interface SecurityEvent
    permits HandshakeRefused, AuthenticationFailed, AddressBlocked, AddressUnblocked, MessageRefused,
        SuspiciousActivity, AdminChange {

  /** Stable, snake_case kind used as the {@code event} field of log lines. */
  String kind();

  Instant time();

  /** The client address key the event is about. */
  String address();
}
