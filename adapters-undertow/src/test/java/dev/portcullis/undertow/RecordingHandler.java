package dev.portcullis.undertow;

import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.app.Session;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The test application: echoes every message, except {@code flood:<count>:<size>}, which answers with
 * {@code count} messages of {@code size} characters at once. Records what it was told. Thread-safe.
 */
final class RecordingHandler implements MessageHandler {

  record Closed(Session session, int code, String reason) {}

  final BlockingQueue<Session> opened = new LinkedBlockingQueue<>();
  final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  final BlockingQueue<Closed> closed = new LinkedBlockingQueue<>();

  @Override
  public void onOpen(Session session) {
    opened.add(session);
  }

  @Override
  public void onText(Session session, String text) {
    received.add(text);
    if (text.startsWith("flood:")) {
      String[] parts = text.split(":");
      String payload = "x".repeat(Integer.parseInt(parts[2]));
      for (int i = Integer.parseInt(parts[1]); i > 0; i--) {
        session.send(payload);
      }
    } else {
      session.send(text);
    }
  }

  @Override
  public void onClose(Session session, int code, String reason) {
    closed.add(new Closed(session, code, reason));
  }

  Session nextOpened() throws InterruptedException {
    return opened.poll(5, TimeUnit.SECONDS);
  }

  Closed nextClosed() throws InterruptedException {
    return closed.poll(10, TimeUnit.SECONDS);
  }

  void clear() {
    opened.clear();
    received.clear();
    closed.clear();
  }
}
