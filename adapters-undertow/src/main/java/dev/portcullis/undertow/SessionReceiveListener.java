package dev.portcullis.undertow;

import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one socket's frames into its {@link GuardedSession}: whole messages bounded by
 * {@code WS_MAX_MESSAGE_SIZE} while they are read (never after), binary ones read or refused as
 * {@code WS_ALLOW_BINARY} says (by its {@link BinaryMessages}), pongs and pings taken as signs of life,
 * the peer's close recorded.
 * Pings are answered and counted by Undertow (its default closes {@code 1008} past 300 pings a minute).
 * Confined to the socket's IO thread.
 */
final class SessionReceiveListener extends AbstractReceiveListener {

  private static final Logger LOG = LoggerFactory.getLogger(SessionReceiveListener.class);

  private final GuardedSession session;
  private final BinaryMessages binary;
  private final long maxMessageSize;
  private final boolean allowBinary;
  private final BoundedMessageReader.Sink sink;

  SessionReceiveListener(GuardedSession session, BinaryMessages binary, long maxMessageSize, boolean allowBinary) {
    this.session = session;
    this.binary = binary;
    this.maxMessageSize = maxMessageSize;
    this.allowBinary = allowBinary;
    this.sink = new BoundedMessageReader.Sink() {
      @Override
      public void text(String text, int bytes) {
        session.received(text, bytes);
      }

      @Override
      public void binary(ByteBuffer data) {
        binary.received(data);
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

  // Undertow's defaults are -1 (unbounded). Our readers bound messages themselves; these bounds also
  // hold should anything here ever call bufferFullMessage(). The ping, pong and close getters are final
  // in Undertow 2.3 and already return 125 (RFC 6455 §5.5).
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
    if (declaresTooMuch(message)) {
      session.declaredTooBig();
      return;
    }
    BoundedMessageReader.readText(message, maxMessageSize, sink);
  }

  @Override
  protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel message) {
    if (declaresTooMuch(message)) {
      session.declaredTooBig();
    } else if (allowBinary) {
      BoundedMessageReader.readBinary(message, maxMessageSize, sink);
    } else {
      binary.refused(); // refused at its first frame; the rest is read and dropped, still bounded
      BoundedMessageReader.discard(message, maxMessageSize, sink);
    }
  }

  /**
   * PROTO-09: whether the first frame's header alone declares more than the bound, so that a client
   * announcing 2^40 bytes is refused at once rather than after it has trickled a megabyte in. Undertow
   * keeps the declared length to itself, but closes the message's stream when it exceeds a maximum set
   * on it; the maximum is lifted again at once, since the reader counts what really arrives (continuations
   * included). Not for a compressed message: what its header declares is not what it inflates to.
   */
  private boolean declaresTooMuch(StreamSourceFrameChannel message) {
    if (message.getRsv() != 0) {
      return false;
    }
    boolean open = message.isOpen(); // an empty final frame may be complete, so closed, already
    message.setMaxStreamSize(maxMessageSize);
    boolean tooMuch = open && !message.isOpen();
    message.setMaxStreamSize(-1);
    return tooMuch;
  }

  @Override
  protected void onFullPingMessage(WebSocketChannel channel, BufferedBinaryMessage message) throws IOException {
    session.heard();
    super.onFullPingMessage(channel, message); // the pong (RFC 6455 §5.5.2)
  }

  @Override
  protected void onFullPongMessage(WebSocketChannel channel, BufferedBinaryMessage message) throws IOException {
    session.heard();
    super.onFullPongMessage(channel, message); // frees the payload
  }

  @Override
  protected void onCloseMessage(CloseMessage message, WebSocketChannel channel) {
    session.peerClosed(message.getCode(), message.getReason());
  }

  @Override
  protected void onError(WebSocketChannel channel, Throwable error) {
    // The exception text may quote client data: only its kind is logged.
    LOG.debug("Socket {} failed with {}; closing it", session.id(), error.getClass().getSimpleName());
    session.abort();
  }
}
