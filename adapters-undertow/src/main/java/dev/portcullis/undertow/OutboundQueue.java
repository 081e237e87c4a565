package dev.portcullis.undertow;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The messages waiting to go out on one socket (text as {@link String}, binary as {@link ByteBuffer}),
 * at most {@code capacity} of them, sent one at a time: the next leaves when Undertow reports the
 * previous one written. A client that reads too slowly lets the queue fill, and the message that finds
 * it full calls {@code overflow} instead of waiting, so {@link #offer} never blocks. Sending is a drain
 * loop (whoever finds the loop idle runs it), so a send that completes at once does not recurse.
 * {@link #finish} runs a last action (the close frame) once everything queued before it is written.
 * Thread-safe; lock-free.
 */
final class OutboundQueue {

  private final WebSocketChannel channel;
  private final int capacity;
  private final Runnable overflow;
  private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger drainRequests = new AtomicInteger();
  private final AtomicBoolean lastTaken = new AtomicBoolean();
  private final WebSocketCallback<Void> written = new WebSocketCallback<>() {
    @Override
    public void complete(WebSocketChannel ch, Void context) {
      inFlight = false;
      drain();
    }

    @Override
    public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
      inFlight = false;
      discard(); // the channel is broken; Undertow closes it and the session's close task runs
    }
  };
  private volatile boolean inFlight;
  private volatile boolean discarded;
  private volatile Runnable last;

  OutboundQueue(WebSocketChannel channel, int capacity, Runnable overflow) {
    this.channel = channel;
    this.capacity = capacity;
    this.overflow = overflow;
  }

  /**
   * Queues a {@link String} or a {@link ByteBuffer}, or calls {@code overflow} when {@code capacity}
   * messages are already waiting. Ignored once finishing or discarded.
   */
  void offer(Object message) {
    if (discarded || last != null) {
      return;
    }
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      overflow.run();
      return;
    }
    queue.add(message);
    drain();
  }

  /** Messages waiting, not counting the one being written. */
  int size() {
    return queued.get();
  }

  /** Takes nothing more; runs {@code action} once what is queued now has been written. */
  void finish(Runnable action) {
    last = action;
    drain();
  }

  /** Drops what is waiting and everything offered from now on, the last action included. */
  void discard() {
    discarded = true;
    while (queue.poll() != null) {
      queued.decrementAndGet();
    }
  }

  private void drain() {
    if (drainRequests.getAndIncrement() != 0) {
      return; // the thread already in the loop will see this request
    }
    int missed = 1;
    do {
      while (!inFlight && !discarded) {
        Object next = queue.poll();
        if (next == null) {
          Runnable action = last;
          if (action != null && lastTaken.compareAndSet(false, true)) {
            discarded = true; // nothing may follow the last action (the close frame, RFC 6455 §5.5.1)
            action.run();
          }
          break;
        }
        queued.decrementAndGet();
        inFlight = true;
        if (next instanceof String text) {
          WebSockets.sendText(text, channel, written);
        } else {
          WebSockets.sendBinary((ByteBuffer) next, channel, written);
        }
      }
      missed = drainRequests.addAndGet(-missed);
    } while (missed != 0);
  }
}
