package dev.portcullis.undertow.conformance;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link EchoServer} with the default settings for a whole test class: started before its first test,
 * closed after its last. Register it as a static field with {@code @RegisterExtension}.
 */
final class SharedEchoServer implements BeforeAllCallback, AfterAllCallback {

  private EchoServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = EchoServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }

  WireClient connect() throws IOException {
    return server.connect();
  }

  int openSockets() {
    return server.openSockets();
  }

  int port() {
    return server.port();
  }

  String path() {
    return server.path();
  }
}
