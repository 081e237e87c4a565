package dev.portcullis.undertow;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.protocol.framed.FrameHeaderData;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSocketException;
import io.undertow.websockets.core.WebSocketFrameCorruptedException;
import io.undertow.websockets.core.WebSocketInvalidCloseCodeException;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version13.WebSocket13Channel;
import io.undertow.websockets.extensions.ExtensionFunction;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;

/**
 * Undertow's RFC 6455 channel with the header checks its parser leaves out ({@link FrameRules}): an
 * unmasked control frame (RFC 6455 §5.1), a 64-bit length with its top bit set (§5.2), RSV1 on a
 * continuation or control frame (RFC 7692 §6.1) and a message in too many fragments (§5.4, SIZE-03) end
 * the socket as soon as the header shows them.
 *
 * <p>Every close it sends carries only a code and a fixed reason (CONTRACT §5): Undertow would send its
 * exception text ({@code "UT002015: Extensions not allowed but received rsv of 2"}) to the client. A
 * protocol error closes {@code 1002} with no reason, invalid UTF-8 {@code 1007} with none, too many
 * fragments {@code 1009 message_too_big}.
 *
 * <p>Reads are confined to the socket's IO thread; otherwise as thread-safe as Undertow's channel.
 */
class CheckedWebSocketChannel extends WebSocket13Channel {

  /** RFC 6455 §7.4.1: the endpoint received a frame that breaks the protocol. */
  static final int PROTOCOL_ERROR = 1002;
  private static final String NO_REASON = "";

  private final FrameRules rules;
  /** The header being parsed; Undertow keeps its own in a private field, unused here. */
  private PartialFrame header;

  CheckedWebSocketChannel(StreamConnection connection, ByteBufferPool buffers, String url, String subprotocol,
      boolean compression, ExtensionFunction extensions, Set<WebSocketChannel> peers, OptionMap options,
      long maxMessageSize) {
    super(connection, buffers, url, subprotocol, false, compression, extensions, peers, options);
    this.rules = FrameRules.of(compression, maxMessageSize);
  }

  /**
   * Replaces {@code WebSocketChannel.parseFrame}, doing what it does (feed the bytes to the version-13
   * header parser, close {@code 1002} when it refuses them) with {@link FrameRules} judged first and no
   * exception text in the close frame. The parser's own header object is what is returned: Undertow's
   * unmasking casts to its class, so it cannot be wrapped.
   */
  @Override
  protected FrameHeaderData parseFrame(ByteBuffer data) throws IOException {
    if (header == null) {
      header = receiveFrame();
    }
    FrameRules.Violation violation = rules.inspect(data);
    if (violation != null) {
      throw refuse(violation);
    }
    try {
      header.handle(data);
    } catch (WebSocketException e) {
      throw refuse(PROTOCOL_ERROR, NO_REASON, "Inbound frame header refused by Undertow's parser", e);
    }
    if (!header.isDone()) {
      return null;
    }
    PartialFrame parsed = header;
    header = null;
    violation = rules.complete(parsed.getFrameLength());
    if (violation != null) {
      throw refuse(violation);
    }
    return parsed;
  }

  private IOException refuse(FrameRules.Violation violation) {
    String why = "Inbound frame header refused: " + violation;
    return violation.protocolError()
        ? refuse(PROTOCOL_ERROR, NO_REASON, why, null)
        : refuse(CloseCodes.MESSAGE_TOO_BIG, CloseCodes.MESSAGE_TOO_BIG_REASON, why, null);
  }

  /**
   * As Undertow answers a corrupt header: send the close, stop reading, fail the read. The failure is a
   * plain {@code IOException}, a kind {@link #handleBrokenSourceChannel} does not answer with a second close.
   */
  private IOException refuse(int code, String reason, String why, Throwable cause) {
    WebSockets.sendClose(new CloseMessage(code, reason).toByteBuffer(), this, null);
    IOException failure = new IOException(why, cause);
    markReadsBroken(failure);
    return failure;
  }

  /**
   * Undertow closes with the failure's message as reason when a frame's payload turns out bad (invalid
   * UTF-8, an invalid close code, a corrupt frame); the same failure, with no message, closes the same way.
   */
  @Override
  protected void handleBrokenSourceChannel(Throwable e) {
    if (e instanceof UnsupportedEncodingException) {
      super.handleBrokenSourceChannel(new UnsupportedEncodingException(NO_REASON));
    } else if (e instanceof WebSocketInvalidCloseCodeException) {
      super.handleBrokenSourceChannel(new WebSocketInvalidCloseCodeException(NO_REASON));
    } else if (e instanceof WebSocketFrameCorruptedException) {
      super.handleBrokenSourceChannel(new WebSocketFrameCorruptedException(NO_REASON));
    } else {
      super.handleBrokenSourceChannel(e);
    }
  }
}
