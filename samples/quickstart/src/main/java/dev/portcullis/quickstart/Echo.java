package dev.portcullis.quickstart;

import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.app.Session;

/**
 * The quickstart's application: every admitted message goes back to its sender unchanged, so that what
 * passes the guard can be seen from the client (CONTRACT §3). Stateless and thread-safe.
 */
public final class Echo implements MessageHandler {

  @Override
  public void onText(Session session, String text) {
    session.send(text);
  }
}
