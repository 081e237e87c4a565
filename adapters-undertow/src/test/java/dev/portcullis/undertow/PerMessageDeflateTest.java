package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.websockets.WebSocketExtension;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7692 §7 negotiation: what is accepted, with which answer, and what is declined. */
class PerMessageDeflateTest {

  private final PerMessageDeflate deflate = new PerMessageDeflate(1024);

  private String answer(String offer) {
    WebSocketExtension accepted = deflate.accept(WebSocketExtension.parse(offer).get(0));
    return accepted == null ? null : WebSocketExtension.toExtensionHeader(List.of(accepted));
  }

  @Test
  void alwaysAnswersWithoutServerContextTakeover() {
    assertThat(answer("permessage-deflate")).isEqualTo("permessage-deflate; server_no_context_takeover");
    assertThat(answer("permessage-deflate; client_max_window_bits"))
        .isEqualTo("permessage-deflate; server_no_context_takeover");
    assertThat(answer("permessage-deflate; server_no_context_takeover"))
        .isEqualTo("permessage-deflate; server_no_context_takeover");
  }

  @Test
  void acknowledgesClientNoContextTakeoverAndAFullServerWindow() {
    assertThat(answer("permessage-deflate; client_no_context_takeover; server_max_window_bits=15"))
        .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15");
    assertThat(answer("permessage-deflate; client_max_window_bits=\"10\"")).isNotNull();
  }

  @Test
  void declinesWhatItCannotHonourOrDoesNotKnow() {
    for (String offer : new String[] {"permessage-deflate; server_max_window_bits=10",
        "permessage-deflate; server_max_window_bits", "permessage-deflate; client_max_window_bits=16",
        "permessage-deflate; server_no_context_takeover=yes", "permessage-deflate; x_custom",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover", "x-webkit-deflate-frame"}) {
      assertThat(answer(offer)).as(offer).isNull();
    }
  }

  @Test
  void allowsOnePermessageDeflatePerSocket() {
    assertThat(deflate.isIncompatible(List.of())).isFalse();
    assertThat(deflate.isIncompatible(List.of(new PerMessageDeflate(1)))).isTrue();
  }
}
