package dev.portcullis.undertow;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * The signs of life of one socket: when it was last heard from (a message, a ping or a pong), and the
 * pings the sweep sends to ask for one. Thread-safe: {@link #heard} runs on the IO thread, the rest on
 * the sweep's.
 */
final class Heartbeat {

  private final WebSocketChannel channel;
  private final SessionCloser closer;
  private final LongSupplier nanoTime;
  private final Runnable ping = this::ping;
  private final WebSocketCallback<Void> pinged = new WebSocketCallback<>() {
    @Override
    public void complete(WebSocketChannel ch, Void context) {
      pingInFlight = false;
    }

    @Override
    public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
      pingInFlight = false;
    }
  };

  private volatile long lastHeardNanos;
  private volatile boolean pingInFlight;
  /** Only the sweep's thread. */
  private long lastPingNanos;

  /**
   * Starts counting from the open.
   *
   * @param openedNanos when the socket opened, on {@code nanoTime}: the first sign of life
   */
  Heartbeat(WebSocketChannel channel, SessionCloser closer, LongSupplier nanoTime, long openedNanos) {
    this.channel = channel;
    this.closer = closer;
    this.nanoTime = nanoTime;
    this.lastHeardNanos = openedNanos;
    this.lastPingNanos = openedNanos;
  }

  /** A sign of life: a message, a ping or a pong. */
  void heard() {
    lastHeardNanos = nanoTime.getAsLong();
  }

  /** Whether nothing was heard for {@code silence} nanoseconds up to {@code now}. */
  boolean silent(long now, long silence) {
    return now - lastHeardNanos >= silence;
  }

  /** Pings the peer, on the IO thread, when the last ping was {@code every} nanoseconds ago. */
  void pingIfDue(long now, long every) {
    if (now - lastPingNanos >= every && !pingInFlight) {
      lastPingNanos = now;
      pingInFlight = true; // at most one unwritten ping: a peer that does not read cannot pile them up
      closer.onIoThread(ping);
    }
  }

  /** On the IO thread. */
  private void ping() {
    if (closer.closing()) {
      pingInFlight = false;
      return;
    }
    WebSockets.sendPing(ByteBuffer.allocate(0), channel, pinged);
  }
}
