package dev.portcullis.bench;

import dev.portcullis.core.engine.MessageSession;

/**
 * Messages with ids the replay policy has not seen: a {@link MessageRing}, sent on a new connection of
 * the node (new connection id, new subject, so a new replay scope) each time the ring wraps. Opening
 * that connection is the only extra work, once per {@link MessageRing#SIZE} messages. Not thread-safe;
 * one per benchmark thread.
 */
final class MessageStream {

  private final BenchNode node;
  private final MessageRing ring;
  private long lap;
  private MessageSession session;

  MessageStream(BenchNode node, MessageRing.Template template, long nowMillis) {
    this.node = node;
    this.ring = new MessageRing(template, nowMillis);
    this.session = node.connect(0);
  }

  /** The next message; call {@link #session()} after it for the connection it goes on. */
  String next() {
    String text = ring.next();
    if (ring.laps() != lap) {
      lap = ring.laps();
      session = node.connect(lap);
    }
    return text;
  }

  MessageSession session() {
    return session;
  }

  /** See {@link MessageRing#restamp(long)}. */
  void restamp(long nowMillis) {
    ring.restamp(nowMillis);
  }
}
