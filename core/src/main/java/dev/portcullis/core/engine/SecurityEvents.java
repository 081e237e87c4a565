package dev.portcullis.core.engine;

import dev.portcullis.core.event.SecurityEvent;
import dev.portcullis.core.port.ViolationSink;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans every security event out to every sink. A sink that throws is logged and skipped, so one broken
 * sink (a plugin's, say) cannot silence the others or fail the request that caused the event.
 * Thread-safe.
 */
public final class SecurityEvents {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityEvents.class);
  private final List<ViolationSink> sinks;

  public SecurityEvents(List<ViolationSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  public void publish(SecurityEvent event) {
    for (ViolationSink sink : sinks) {
      try {
        sink.accept(event);
      } catch (RuntimeException e) {
        LOG.error("Security event sink {} failed on a {} event", sink.getClass().getName(), event.kind(), e);
      }
    }
  }
}
