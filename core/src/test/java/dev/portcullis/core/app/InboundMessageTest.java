package dev.portcullis.core.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.core.message.Envelope;
import dev.portcullis.core.model.Principal;
import org.junit.jupiter.api.Test;

class InboundMessageTest {

  record Track(String name) {}

  private static final Envelope ENVELOPE;

  static {
    try {
      ENVELOPE = new Envelope("m-1", "track", 1_764_280_000_000L, new ObjectMapper().readTree("{\"name\":\"x\"}"), null);
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Test
  void givesTheTypedPayloadWhenOneWasBound() {
    InboundMessage message = new InboundMessage("{}", ENVELOPE, new Track("x"), Principal.untokened("ann"));
    assertThat(message.payload()).isEqualTo(new Track("x"));
    assertThat(message.payload(Track.class).name()).isEqualTo("x");
    assertThat(message.principal()).map(Principal::subject).contains("ann");
    assertThat(message.id()).isEqualTo("m-1");
    assertThat(message.type()).isEqualTo("track");
  }

  @Test
  void givesTheRawJsonTreeWhenNoClassIsRegisteredForTheType() {
    InboundMessage message = new InboundMessage("{}", ENVELOPE, null, null);
    assertThat(message.payload(JsonNode.class).path("name").asText()).isEqualTo("x");
    assertThat(message.principal()).isEmpty();
    assertThatThrownBy(() -> message.payload(Track.class)).isInstanceOf(ClassCastException.class);
  }

  @Test
  void hasNoEnvelopeIdOrTypeWhenTheEnvelopeWasNotRead() {
    InboundMessage message = new InboundMessage("not json", null, null, null);
    assertThat(message.envelope()).isNull();
    assertThat(message.id()).isNull();
    assertThat(message.type()).isNull();
    assertThat(message.payload()).isNull();
  }

  @Test
  void showsNeitherTextNorPayloadInItsTextForm() {
    InboundMessage message = new InboundMessage("{\"secret\":\"s3cret\"}", ENVELOPE, null, null);
    assertThat(message.toString()).contains("m-1", "track").doesNotContain("s3cret").doesNotContain("name");
  }
}
