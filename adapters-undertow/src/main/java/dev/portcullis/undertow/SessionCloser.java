package dev.portcullis.undertow;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.xnio.IoUtils;

/**
 * The close protocol of one socket: a close takes effect on the socket's IO thread, and there, while a
 * message is being judged or handled, right after that message. It sends what is queued, then the close
 * frame ({@code queue_full} and {@code too_many_violations} drop the queue instead); Undertow closes TCP
 * once the peer answers, and the sweep ({@link #abortIfOverdue}) when it does not. Only the first close
 * counts, and the end of the socket is seen once, whatever closed it.
 *
 * <p>Thread-safe: {@link #request}, {@link #begin} and the getters may be called from any thread;
 * {@link #startJudging}, {@link #endJudging} and {@link #closeNow} only on the IO thread,
 * {@link #abortIfOverdue} on the sweep's.
 */
final class SessionCloser {

  private static final long NOT_CLOSING = Long.MIN_VALUE;

  private final WebSocketChannel channel;
  private final OutboundQueue outbound;
  private final LongSupplier nanoTime;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile long closingSinceNanos = NOT_CLOSING;
  private volatile int closeCode = CloseCodes.ABNORMAL;
  private volatile String closeReason = "";

  // Only the IO thread.
  /** Inside the pipeline or the handler: a close on this thread waits until the answer is queued. */
  private boolean judging;
  private int deferredCode;
  private String deferredReason;

  SessionCloser(WebSocketChannel channel, OutboundQueue outbound, LongSupplier nanoTime) {
    this.channel = channel;
    this.outbound = outbound;
    this.nanoTime = nanoTime;
  }

  /** Whether a close has begun (ours or the peer's) or the socket is gone. */
  boolean closing() {
    return closing.get();
  }

  /** The code the socket closed with, {@code 1006} when it closed without a close frame. */
  int code() {
    return closeCode;
  }

  String reason() {
    return closeReason;
  }

  /**
   * Closes with {@code code} and {@code reason} (sendable and fitted already) as
   * {@link GuardedSession#close} promises: on the IO thread, and there after the message being judged.
   */
  void request(int code, String reason) {
    if (channel.getIoThread() != Thread.currentThread()) {
      // Hop to the IO thread: a close from elsewhere (a block, a kick, a drain) then lands after the
      // message being judged there, never inside it.
      onIoThread(() -> request(code, reason));
      return;
    }
    if (judging) {
      if (deferredReason == null) {
        deferredCode = code;
        deferredReason = reason;
      }
      return;
    }
    begin(code, reason, true);
  }

  /** A message is being judged or handled on the IO thread: closes requested there wait for its end. */
  void startJudging() {
    judging = true;
  }

  /** The message is judged and answered: the first close requested meanwhile, if any, begins. */
  void endJudging() {
    judging = false;
    String reason = deferredReason;
    if (reason != null) {
      deferredReason = null;
      begin(deferredCode, reason, true);
    }
  }

  /**
   * Closes at once, on the IO thread, dropping what is queued and any close requested while the message
   * was judged: the address is blocked (say by {@code too_many_violations}), and this socket closes for
   * what it did, not as a bystander.
   */
  void closeNow(int code, String reason) {
    deferredReason = null;
    begin(code, reason, false);
  }

  /** Starts the close; only the first call counts. {@code flush}: send what is queued first. */
  void begin(int code, String reason, boolean flush) {
    long now = nanoTime.getAsLong();
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closingSinceNanos = now;
    closeCode = code;
    closeReason = reason;
    Runnable closeFrame = () -> onIoThread(() -> sendClose(code, reason));
    if (flush) {
      outbound.finish(closeFrame);
    } else {
      outbound.discard();
      closeFrame.run();
    }
  }

  /** The peer sent a close frame; Undertow answers it. */
  void peerClosed(int code, String reason) {
    long now = nanoTime.getAsLong();
    if (closing.compareAndSet(false, true)) {
      closingSinceNanos = now;
      closeCode = code;
      closeReason = reason == null ? "" : reason;
      outbound.discard();
    }
  }

  /**
   * From the sweep, while closing: closes TCP once the close handshake has taken {@code timeout}
   * nanoseconds, as the peer never answered our close frame (or never finished its own handshake).
   */
  void abortIfOverdue(long now, long timeout) {
    long since = closingSinceNanos;
    if (since != NOT_CLOSING && now - since >= timeout) {
      abort();
    }
  }

  /**
   * The socket is gone, whatever closed it: nothing is queued or sent any more.
   *
   * @return true the first time only
   */
  boolean finish() {
    if (!finished.compareAndSet(false, true)) {
      return false;
    }
    closing.set(true);
    outbound.discard();
    return true;
  }

  /** Closes TCP now, without waiting for any close handshake. */
  void abort() {
    IoUtils.safeClose(channel);
  }

  /** Runs {@code task} on the socket's IO thread; when that thread is gone (the server is stopping), aborts. */
  void onIoThread(Runnable task) {
    try {
      channel.getIoThread().execute(task);
    } catch (RejectedExecutionException e) {
      abort();
    }
  }

  private void sendClose(int code, String reason) {
    WebSockets.sendClose(code, reason, channel, new WebSocketCallback<Void>() {
      @Override
      public void complete(WebSocketChannel ch, Void context) {
        // Undertow closes TCP once the peer's close frame arrives; the sweep covers a silent peer.
      }

      @Override
      public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
        abort();
      }
    });
  }
}
