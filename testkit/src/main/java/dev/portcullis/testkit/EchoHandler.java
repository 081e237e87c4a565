package dev.portcullis.testkit;

import dev.portcullis.core.app.InboundMessage;
import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.app.Session;
import java.nio.ByteBuffer;

/**
 * Sends every admitted message back to its sender unchanged (text as text, binary as binary), so that a
 * test sees from the client what passed the guard. Stateless and thread-safe.
 */
public final class EchoHandler implements MessageHandler {

  @Override
  public void onMessage(Session session, InboundMessage message) {
    session.send(message.text());
  }

  @Override
  public void onBinary(Session session, ByteBuffer data) {
    session.sendBinary(data);
  }
}
