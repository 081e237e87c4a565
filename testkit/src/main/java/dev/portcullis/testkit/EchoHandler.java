package dev.portcullis.testkit;

import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.app.Session;

/**
 * Sends every admitted text message back to its sender unchanged, so that a test sees from the client
 * what passed the guard. Stateless and thread-safe.
 */
public final class EchoHandler implements MessageHandler {

  @Override
  public void onText(Session session, String text) {
    session.send(text);
  }
}
