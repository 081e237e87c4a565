package dev.portcullis.undertow;

import io.undertow.connector.ByteBufferPool;
import io.undertow.util.Headers;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.extensions.CompositeExtensionFunction;
import io.undertow.websockets.extensions.ExtensionFunction;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.List;
import java.util.Set;
import org.xnio.StreamConnection;

/**
 * Undertow's RFC 6455 handshake, unchanged, but for the channel it opens: a
 * {@link CheckedWebSocketChannel}, which refuses the frames Undertow's parser lets through (RFC 6455
 * §5.1, §5.2, §5.4; RFC 7692 §6.1). Built as Undertow's {@code Hybi13Handshake.createChannel} builds its
 * channel. Thread-safe once its extensions are added.
 */
final class CheckedHybi13Handshake extends Hybi13Handshake {

  private final long maxMessageSize;

  CheckedHybi13Handshake(Set<String> subprotocols, boolean allowExtensions, long maxMessageSize) {
    super(subprotocols, allowExtensions);
    this.maxMessageSize = maxMessageSize;
  }

  @Override
  public WebSocketChannel createChannel(WebSocketHttpExchange exchange, StreamConnection connection,
      ByteBufferPool buffers) {
    List<ExtensionFunction> negotiated = initExtensions(exchange);
    ExtensionFunction extensions = CompositeExtensionFunction.compose(negotiated);
    // permessage-deflate is the only extension ever offered (UndertowTransport), so any is compression.
    return new CheckedWebSocketChannel(connection, buffers, getWebSocketLocation(exchange),
        exchange.getResponseHeader(Headers.SEC_WEB_SOCKET_PROTOCOL_STRING), !negotiated.isEmpty(), extensions,
        exchange.getPeerConnections(), exchange.getOptions(), maxMessageSize);
  }
}
