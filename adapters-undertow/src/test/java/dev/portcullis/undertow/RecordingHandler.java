package dev.portcullis.undertow;

import dev.portcullis.core.app.InboundMessage;
import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.app.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The test application: echoes every message, except {@code flood:<count>:<size>}, which answers with
 * {@code count} messages of {@code size} characters at once, {@code json:<text>}, which answers
 * {@code {"echo":"<text>"}} through {@code sendJson}, and {@code close:<code>:<reason>}, which closes. Binary messages are echoed as binary. Records what
 * it was told. Thread-safe.
 */
final class RecordingHandler implements MessageHandler {

  record Closed(Session session, int code, String reason) {}

  /** What {@code sendJson} serialises. */
  record Echo(String echo) {}

  final BlockingQueue<Session> opened = new LinkedBlockingQueue<>();
  final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  final BlockingQueue<InboundMessage> messages = new LinkedBlockingQueue<>();
  final BlockingQueue<byte[]> binary = new LinkedBlockingQueue<>();
  final BlockingQueue<Closed> closed = new LinkedBlockingQueue<>();
  /** How long the last {@code flood:} took to queue, in nanoseconds. */
  volatile long lastFloodNanos;

  @Override
  public void onOpen(Session session) {
    opened.add(session);
  }

  @Override
  public void onMessage(Session session, InboundMessage message) {
    String text = message.text();
    received.add(text);
    messages.add(message);
    if (text.startsWith("flood:")) {
      String[] parts = text.split(":");
      String payload = "x".repeat(Integer.parseInt(parts[2]));
      long start = System.nanoTime();
      for (int i = Integer.parseInt(parts[1]); i > 0; i--) {
        session.send(payload);
      }
      lastFloodNanos = System.nanoTime() - start;
    } else if (text.startsWith("close:")) {
      String[] parts = text.split(":", 3);
      session.close(Integer.parseInt(parts[1]), parts[2]);
    } else if (text.startsWith("json:")) {
      session.sendJson(new Echo(text.substring(5)));
    } else {
      session.send(text);
    }
  }

  @Override
  public void onBinary(Session session, ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    binary.add(bytes);
    session.sendBinary(ByteBuffer.wrap(bytes));
  }

  @Override
  public void onClose(Session session, int code, String reason) {
    closed.add(new Closed(session, code, reason));
  }

  Session nextOpened() throws InterruptedException {
    return opened.poll(5, TimeUnit.SECONDS);
  }

  InboundMessage nextMessage() throws InterruptedException {
    return messages.poll(5, TimeUnit.SECONDS);
  }

  Closed nextClosed() throws InterruptedException {
    return closed.poll(10, TimeUnit.SECONDS);
  }

  void clear() {
    opened.clear();
    received.clear();
    messages.clear();
    binary.clear();
    closed.clear();
  }
}
