package dev.portcullis.undertow;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The text messages waiting to go out on one socket, at most {@code capacity} of them, sent one at a
 * time: the next leaves when Undertow reports the previous one written. A client that reads too slowly
 * lets the queue fill, and the message that finds it full calls {@code overflow} instead of waiting,
 * so {@link #offer} never blocks. Sending is a drain loop (whoever finds the loop idle runs it), so a
 * send that completes at once does not recurse. Thread-safe; lock-free.
 */
final class OutboundQueue {

  private final WebSocketChannel channel;
  private final int capacity;
  private final Runnable overflow;
  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger drainRequests = new AtomicInteger();
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

  OutboundQueue(WebSocketChannel channel, int capacity, Runnable overflow) {
    this.channel = channel;
    this.capacity = capacity;
    this.overflow = overflow;
  }

  /** Queues {@code text}, or calls {@code overflow} when {@code capacity} messages are already waiting. */
  void offer(String text) {
    if (discarded) {
      return;
    }
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      overflow.run();
      return;
    }
    queue.add(text);
    drain();
  }

  /** Messages waiting, not counting the one being written. */
  int size() {
    return queued.get();
  }

  /** Drops what is waiting and everything offered from now on (the socket is closing). */
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
        String next = queue.poll();
        if (next == null) {
          break;
        }
        queued.decrementAndGet();
        inFlight = true;
        WebSockets.sendText(next, channel, written);
      }
      missed = drainRequests.addAndGet(-missed);
    } while (missed != 0);
  }
}
