package dev.portcullis.core.port;

import dev.portcullis.core.event.SecurityEvent;

/**
 * Takes security events: the log, metrics, statistics and audit each implement it. Called on the
 * thread that saw the event, so implementations must be thread-safe and quick; one that throws is
 * logged and skipped, never allowed to stop the others.
 */
public interface ViolationSink {

  void accept(SecurityEvent event);
}
