package dev.portcullis.undertow;

import io.undertow.websockets.WebSocketExtension;
import io.undertow.websockets.extensions.ExtensionFunction;
import io.undertow.websockets.extensions.ExtensionHandshake;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Negotiates {@code permessage-deflate} (RFC 7692) when {@code WS_COMPRESSION=true}, and gives each
 * socket a {@link BoundedDeflate} that stops inflating a message as soon as it passes
 * {@code WS_MAX_MESSAGE_SIZE}.
 *
 * <p>Used instead of Undertow's {@code PerMessageDeflateHandshake}, which keeps the negotiated
 * parameters in fields shared by every handshake (one client's {@code server_no_context_takeover}
 * changes the next client's socket, and two handshakes at once race), accepts
 * {@code server_max_window_bits} without honouring it (RFC 7692 §7.1.2.1 then requires the server to
 * decline), and inflates each chunk with only its own fixed bound, answered with its own close reason.
 *
 * <p>The answer to an acceptable offer always carries {@code server_no_context_takeover}: the server
 * compresses every message on its own, which RFC 7692 §7.1.1.1 allows, and which keeps one message's
 * content from changing the compressed size of the next (the CRIME/BREACH side channel across
 * messages). An offer with an unknown or repeated parameter, a value where none belongs, or a window
 * smaller than 15 bits asked of the server ({@code java.util.zip} always uses 15) is declined: the socket
 * then opens without compression. Stateless and thread-safe.
 */
final class PerMessageDeflate implements ExtensionHandshake {

  static final String NAME = "permessage-deflate";
  private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
  private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
  private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
  private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";
  private static final String FULL_WINDOW = "15";

  private final long maxMessageSize;

  PerMessageDeflate(long maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  @Override
  public String getName() {
    return NAME;
  }

  /** The response to one offer (RFC 7692 §7), or {@code null} to decline it. */
  @Override
  public WebSocketExtension accept(WebSocketExtension offer) {
    if (offer == null || !NAME.equals(offer.getName())) {
      return null;
    }
    WebSocketExtension response = new WebSocketExtension(NAME);
    response.getParameters().add(new WebSocketExtension.Parameter(SERVER_NO_CONTEXT_TAKEOVER, null));
    Set<String> seen = new HashSet<>();
    for (WebSocketExtension.Parameter parameter : offer.getParameters()) {
      String name = parameter.getName();
      String value = unquoted(parameter.getValue());
      if (!seen.add(name)) {
        return null; // RFC 7692 §7: a parameter appears at most once
      }
      switch (name) {
        case SERVER_NO_CONTEXT_TAKEOVER -> {
          if (value != null) {
            return null;
          }
        }
        case CLIENT_NO_CONTEXT_TAKEOVER -> {
          if (value != null) {
            return null;
          }
          response.getParameters().add(new WebSocketExtension.Parameter(CLIENT_NO_CONTEXT_TAKEOVER, null));
        }
        case SERVER_MAX_WINDOW_BITS -> {
          if (!FULL_WINDOW.equals(value)) {
            return null; // RFC 7692 §7.1.2.1: a server that cannot use the smaller window declines
          }
          response.getParameters().add(new WebSocketExtension.Parameter(SERVER_MAX_WINDOW_BITS, FULL_WINDOW));
        }
        case CLIENT_MAX_WINDOW_BITS -> {
          if (value != null && !windowBits(value)) {
            return null;
          }
          // A hint that the client could use a smaller window; left out, the client uses 15 bits (§7.1.2.2).
        }
        default -> {
          return null;
        }
      }
    }
    return response;
  }

  @Override
  public boolean isIncompatible(List<ExtensionHandshake> chosen) {
    for (ExtensionHandshake extension : chosen) {
      if (NAME.equals(extension.getName())) {
        return true; // one permessage-deflate per socket: the first acceptable offer wins
      }
    }
    return false;
  }

  @Override
  public ExtensionFunction create() {
    return new BoundedDeflate(maxMessageSize);
  }

  /** RFC 7692 §7.1.2: a window size is a decimal 8 to 15. */
  private static boolean windowBits(String value) {
    return value.matches("[89]|1[0-5]");
  }

  /** RFC 7692 §7: a value may be a quoted string. */
  private static String unquoted(String value) {
    if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
