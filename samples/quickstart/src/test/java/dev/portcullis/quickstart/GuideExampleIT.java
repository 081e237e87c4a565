package dev.portcullis.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.core.app.InboundMessage;
import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.app.Session;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.core.model.Principal;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.TestWebSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The second example of {@code docs/guide.md}, kept here so that it compiles and runs: a handler that
 * reads the typed {@link Track}, answers with {@code sendJson}, and closes the session itself.
 */
class GuideExampleIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  // ---- from docs/guide.md, "A handler of your own" ----

  /** Greets each socket, answers each track with how it will be mixed, and hangs up on a stop. */
  static final class Mixer implements MessageHandler {

    record Hello(String type, String user) {}

    record Mixed(String type, String name, int bpm, double gain) {}

    @Override
    public void onOpen(Session session) {
      String user = session.principal().map(Principal::subject).orElse("anonymous");
      session.sendJson(new Hello("hello", user));
    }

    @Override
    public void onMessage(Session session, InboundMessage message) {
      switch (message.type()) {
        case "track" -> {
          Track track = message.payload(Track.class); // bound and validated before it got here
          double gain = track.muted() ? -60.0 : track.gain();
          session.sendJson(new Mixed("mixed", track.name(), track.bpm(), gain));
        }
        case "transport" -> {
          JsonNode payload = message.payload(JsonNode.class); // no class registered: the raw JSON tree
          if (payload != null && "stop".equals(payload.path("action").asText())) {
            session.close(4000, "stopped"); // what is queued goes out first
          }
        }
        default -> session.send(message.text());
      }
    }
  }

  // ---- the test ----

  static final String SECRET = "guide-example-it-secret-that-is-long-enough";

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET))
      .handler(new Mixer())
      .module(binder -> PortcullisModule.payloadSchemas(binder).addBinding("track").toInstance(Track.class));

  @Test
  void greetsAnswersATypedTrackWithJsonAndClosesOnStop() {
    try (TestWebSocket ws = TestWebSocket.to(server.uri()).bearer(server.minter().subject("zoe").mint()).connect()) {
      assertThat(ws.awaitMessage(WAIT)).isEqualTo("{\"type\":\"hello\",\"user\":\"zoe\"}");

      ws.send(QuickstartIT.track("g-1", "{\"name\":\"Bass\",\"bpm\":124,\"gain\":-6.5,\"muted\":true}"));
      assertThat(ws.awaitMessage(WAIT)).isEqualTo("{\"type\":\"mixed\",\"name\":\"Bass\",\"bpm\":124,\"gain\":-60.0}");

      ws.send("{\"id\":\"g-2\",\"type\":\"transport\",\"timestamp\":" + Instant.now().getEpochSecond()
          + ",\"payload\":{\"action\":\"stop\"}}");
      assertThat(ws.awaitClose(WAIT)).isEqualTo(new TestWebSocket.CloseStatus(4000, "stopped"));
    }
  }
}
