package dev.portcullis.core.app;

/**
 * The application behind the guard: it only ever sees connections and messages that passed every
 * policy. Called on the connection's IO thread; must not block (hand long work to an executor).
 */
public interface MessageHandler {

  default void onOpen(Session session) {}

  /** A whole text message that passed every message policy. */
  void onText(Session session, String text);

  default void onClose(Session session, int code, String reason) {}
}
