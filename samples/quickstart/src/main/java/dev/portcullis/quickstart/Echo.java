package dev.portcullis.quickstart;

import dev.portcullis.core.app.InboundMessage;
import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.app.Session;

/**
 * The quickstart's application: every admitted message goes back to its sender unchanged, so that what
 * passes the guard can be seen from the client (CONTRACT §3). A {@code track} message only arrives here
 * once its payload has been bound to a {@link Track} and validated; anything refused on the way was
 * answered with an error frame instead. Stateless and thread-safe.
 */
public final class Echo implements MessageHandler {

  @Override
  public void onMessage(Session session, InboundMessage message) {
    session.send(message.text());
  }
}
