package dev.portcullis.undertow;

import dev.portcullis.core.config.ForwardedHeader;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.HandshakeRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Turns an Undertow upgrade request into the transport-neutral {@link HandshakeRequest} the policies
 * judge: resolved client, origin, host, whether it came over TLS, token, and when it arrived.
 * Immutable and thread-safe; reads the exchange on its IO thread.
 */
final class HandshakeRequestReader {

  private static final HttpString X_FORWARDED_FOR = HttpString.tryFromString("X-Forwarded-For");
  private static final HttpString X_FORWARDED_PROTO = HttpString.tryFromString("X-Forwarded-Proto");

  private final ClientAddressResolver resolver;
  private final Clock clock;

  HandshakeRequestReader(ClientAddressResolver resolver, Clock clock) {
    this.resolver = resolver;
    this.clock = clock;
  }

  HandshakeRequest read(HttpServerExchange exchange) {
    HeaderMap headers = exchange.getRequestHeaders();
    InetAddress peer = exchange.getConnection().getPeerAddress(InetSocketAddress.class).getAddress();
    List<String> forwarded = all(headers, Headers.FORWARDED);
    ClientAddress client = resolver.resolve(peer, forwarded, all(headers, X_FORWARDED_FOR));
    return new HandshakeRequest(
        client,
        peer,
        headers.getFirst(Headers.ORIGIN),
        headers.getFirst(Headers.HOST),
        secure(exchange, peer, forwarded),
        TokenExtractor.extract(headers.getFirst(Headers.AUTHORIZATION), exchange.getQueryParameters(),
            all(headers, Headers.SEC_WEB_SOCKET_PROTOCOL)),
        clock.instant());
  }

  /** TLS on this connection, or a trusted proxy saying, in the header it writes, that its client used https. */
  private boolean secure(HttpServerExchange exchange, InetAddress peer, List<String> forwarded) {
    if (exchange.getConnection().getSslSessionInfo() != null) {
      return true;
    }
    if (!resolver.trusted(peer)) {
      return false;
    }
    String proto = resolver.header() == ForwardedHeader.FORWARDED
        ? ForwardedHops.lastForwardedProto(forwarded)
        : last(ForwardedHops.list(all(exchange.getRequestHeaders(), X_FORWARDED_PROTO)));
    return proto != null && proto.toLowerCase(Locale.ROOT).equals("https");
  }

  private static String last(List<String> values) {
    return values.isEmpty() ? null : values.get(values.size() - 1);
  }

  /** Every value of the header {@code name}, in arrival order (empty when absent). */
  static List<String> all(HeaderMap headers, HttpString name) {
    HeaderValues values = headers.get(name);
    return values == null ? List.of() : List.copyOf(values);
  }
}
