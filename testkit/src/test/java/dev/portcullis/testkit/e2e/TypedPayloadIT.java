package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Talk.expectError;
import static dev.portcullis.testkit.e2e.Talk.message;
import static dev.portcullis.testkit.e2e.Talk.next;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.core.app.InboundMessage;
import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.app.Session;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawConnection;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The application API end to end: a handler receives the principal, the envelope and the payload bound
 * to the record registered for its type (already validated), or the raw JSON tree for a type without
 * one, and answers through {@code sendJson}; it may close the session itself.
 */
class TypedPayloadIT {

  static final String SECRET = "typed-payload-it-secret-that-is-long-enough";

  /** Registered for {@code project} messages. */
  record Project(@NotBlank String title, @Min(1) int tracks) {}

  /** What the handler answers: what it was given, as it saw it. */
  record Seen(String subject, String id, String type, String payloadClass, String title) {}

  /** Reports what it received; closes {@code 4001 done} on a {@code transport} message. */
  static final class Reporter implements MessageHandler {
    @Override
    public void onMessage(Session session, InboundMessage message) {
      if ("transport".equals(message.type())) {
        session.close(4001, "done");
        return;
      }
      String title = message.payload() instanceof Project project ? project.title()
          : message.payload(JsonNode.class).path("title").asText();
      session.sendJson(new Seen(message.principal().orElseThrow().subject(), message.id(), message.type(),
          message.payload().getClass().getSimpleName(), title));
    }
  }

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET))
      .handler(new Reporter())
      .module(binder -> PortcullisModule.payloadSchemas(binder).addBinding("project").toInstance(Project.class));

  @Test
  void deliversTheValidatedRecordForARegisteredTypeAndTheRawTreeOtherwise() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "uma")) {
      ws.sendText(message("p-1", "project", "{\"title\":\"Album\",\"tracks\":12}"));
      assertThat(next(ws)).isEqualTo(
          "{\"subject\":\"uma\",\"id\":\"p-1\",\"type\":\"project\",\"payloadClass\":\"Project\",\"title\":\"Album\"}");

      ws.sendText(message("t-1", "track", "{\"title\":\"Intro\"}"));
      assertThat(next(ws)).contains("\"payloadClass\":\"ObjectNode\"", "\"title\":\"Intro\"");

      ws.sendText(message("p-2", "project", "{\"title\":\"\",\"tracks\":0}"));
      expectError(ws, "payload_invalid", "p-2");
    }
  }

  @Test
  void theHandlerMayCloseTheSessionWithItsOwnCode() {
    try (RawConnection ws = Talk.connect(server, Peers.next(), "vic")) {
      ws.sendText(message("stop", "transport", null));
      Talk.expectClose(ws, 4001, "done");
    }
  }
}
