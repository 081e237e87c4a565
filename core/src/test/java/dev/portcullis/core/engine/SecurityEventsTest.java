package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.event.AddressUnblocked;
import dev.portcullis.core.event.SecurityEvent;
import dev.portcullis.core.port.ViolationSink;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.core.testing.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityEventsTest {

  private final SecurityEvent event = new AddressUnblocked(MutableClock.ALIGNED_START, "203.0.113.5", "operator");

  @Test
  void everySinkReceivesEveryEvent() {
    RecordingSink first = new RecordingSink();
    RecordingSink second = new RecordingSink();

    new SecurityEvents(List.of(first, second)).publish(event);

    assertThat(first.events()).containsExactly(event);
    assertThat(second.events()).containsExactly(event);
  }

  @Test
  void aThrowingSinkDoesNotStopTheOthersOrThePublisher() {
    RecordingSink before = new RecordingSink();
    ViolationSink broken = e -> {
      throw new IllegalStateException("metrics backend down");
    };
    RecordingSink after = new RecordingSink();
    SecurityEvents events = new SecurityEvents(List.of(before, broken, after));

    events.publish(event);
    events.publish(event);

    assertThat(before.events()).hasSize(2);
    assertThat(after.events()).hasSize(2);
  }
}
