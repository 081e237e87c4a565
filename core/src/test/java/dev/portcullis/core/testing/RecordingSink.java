package dev.portcullis.core.testing;

import dev.portcullis.core.event.SecurityEvent;
import dev.portcullis.core.port.ViolationSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ViolationSink} that keeps every event it is given. Thread-safe. */
public final class RecordingSink implements ViolationSink {

  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void accept(SecurityEvent event) {
    events.add(event);
  }

  public List<SecurityEvent> events() {
    return List.copyOf(events);
  }

  /** The recorded events of one type, in order. */
  public <E extends SecurityEvent> List<E> eventsOf(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
