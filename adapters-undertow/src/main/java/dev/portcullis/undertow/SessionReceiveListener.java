package dev.portcullis.undertow;

import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * Reads one socket's frames into its {@link GuardedSession}: whole text messages bounded by
 * {@code WS_MAX_MESSAGE_SIZE} while they are read (never after), binary messages refused with
 * {@code 1003}, the peer's close recorded. Pings are answered and counted by Undertow (its default
 * closes {@code 1008} past 300 pings a minute). Confined to the socket's IO thread.
 */
final class SessionReceiveListener extends AbstractReceiveListener {

  private static final Logger LOG = LoggerFactory.getLogger(SessionReceiveListener.class);

  private final GuardedSession session;
  private final long maxMessageSize;
  private final BoundedMessageReader.Sink sink;

  SessionReceiveListener(GuardedSession session, long maxMessageSize) {
    this.session = session;
    this.maxMessageSize = maxMessageSize;
    this.sink = new BoundedMessageReader.Sink() {
      @Override
      public void text(String text) {
        session.received(text);
      }

      @Override
      public void tooBig() {
        session.close(CloseCodes.MESSAGE_TOO_BIG, CloseCodes.MESSAGE_TOO_BIG_REASON);
      }

      @Override
      public void invalidText() {
        session.close(CloseCodes.INVALID_PAYLOAD, "");
      }

      @Override
      public void failed(IOException e) {
        onError(session.channel(), e);
      }
    };
  }

  // Undertow's defaults are -1 (unbounded). Our readers bound text messages themselves; these bounds
  // also hold should anything here ever call bufferFullMessage(). The ping, pong and close getters
  // are final in Undertow 2.3 and already return 125 (RFC 6455 §5.5).
  @Override
  protected long getMaxTextBufferSize() {
    return maxMessageSize;
  }

  @Override
  protected long getMaxBinaryBufferSize() {
    return maxMessageSize;
  }

  @Override
  protected void onText(WebSocketChannel channel, StreamSourceFrameChannel message) {
    BoundedMessageReader.readText(message, maxMessageSize, sink);
  }

  @Override
  protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel message) {
    session.close(CloseCodes.UNSUPPORTED_DATA, CloseCodes.BINARY_NOT_ALLOWED);
    BoundedMessageReader.discard(message, sink);
  }

  @Override
  protected void onCloseMessage(CloseMessage message, WebSocketChannel channel) {
    session.peerClosed(message.getCode(), message.getReason());
  }

  @Override
  protected void onError(WebSocketChannel channel, Throwable error) {
    // The exception text may quote client data: only its kind is logged.
    LOG.debug("Socket {} failed with {}; closing it", session.id(), error.getClass().getSimpleName());
    IoUtils.safeClose(channel);
  }
}
