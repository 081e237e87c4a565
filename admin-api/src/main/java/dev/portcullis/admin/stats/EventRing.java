package dev.portcullis.admin.stats;

import dev.portcullis.core.event.SecurityEvent;
import dev.portcullis.core.port.ViolationSink;
import java.util.List;

/**
 * The most recent security events of this node, for {@code GET /admin/events}: a bounded ring fed as a
 * {@link ViolationSink}. Events carry no token, so neither does anything read from here. Thread-safe.
 */
public final class EventRing implements ViolationSink {

  /** Events kept. */
  public static final int CAPACITY = 1000;

  private final RecentRing<SecurityEvent> ring = new RecentRing<>(CAPACITY);

  @Override
  public void accept(SecurityEvent event) {
    ring.add(event);
  }

  /**
   * Up to {@code limit} events, newest first.
   *
   * @param kind    only events of this kind ({@code connection_refused}, ...), or {@code null} for all
   * @param address only events about this address key, or {@code null} for all
   */
  public List<SecurityEvent> newest(String kind, String address, int limit) {
    return ring.newest(e -> (kind == null || kind.equals(e.kind())) && (address == null || address.equals(e.address())),
        limit);
  }
}
