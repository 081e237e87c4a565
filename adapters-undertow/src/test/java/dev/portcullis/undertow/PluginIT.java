package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.inject.Portcullis;
import dev.portcullis.core.inject.PortcullisPlugin;
import dev.portcullis.core.port.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The transport arrives as a plugin: the core's facade finds it with ServiceLoader and serves. */
class PluginIT {

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(PortcullisPlugin.class).stream().map(ServiceLoader.Provider::type))
        .contains(UndertowPlugin.class);
  }

  @Test
  void servesThroughTheFacadeWithoutAnyOtherAdapter() throws Exception {
    PortcullisConfig config = TestServer.defaults().build();
    MessageHandler upperCase = (session, message) -> session.send(message.text().toUpperCase(java.util.Locale.ROOT));
    Portcullis node = Portcullis.with(config).handler(upperCase).start();
    try {
      assertThat(node.injector().getInstance(Transport.class)).isInstanceOf(UndertowTransport.class)
          .isSameAs(node.injector().getInstance(Transport.class));
      try (WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + node.port() + "/ws"))) {
        client.send("guarded");
        assertThat(client.next()).isEqualTo("GUARDED");
      }
    } finally {
      node.stop(Duration.ofSeconds(2));
    }
  }
}
