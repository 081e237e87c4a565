package dev.portcullis.undertow;

import dev.portcullis.core.config.ForwardedHeader;
import dev.portcullis.core.model.CidrSet;
import dev.portcullis.core.model.ClientAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which address a request is counted, limited and blocked by (RL-02, RL-03).
 *
 * <p>The TCP peer is the client, unless the peer is inside {@code WS_TRUSTED_PROXIES}. Only then is
 * the forwarding header read, and only the one {@code WS_FORWARDED_HEADER} names ({@code X-Forwarded-For}, or
 * {@code Forwarded} with its RFC 7239 {@code for=} values), every instance of it, in order: a proxy that writes
 * one passes the other on as the client wrote it, so reading it would let a client name its own address. The hop list is walked
 * from the right (the hop the nearest proxy saw) past every trusted proxy, and the first untrusted hop
 * is the client. When every hop is trusted, the left-most one is. When a hop names no IP address
 * ({@code unknown}, {@code _hidden}, junk), the walk stops and the last trusted hop reached is used:
 * the proxy that wrote the garbage could not say who its client was, so the client is counted as that
 * proxy rather than as anything a client could have written ({@link #identify} says "nobody" instead,
 * for decisions where being taken for the proxy would grant something). {@code X-Real-IP} and other headers are
 * never read. From an untrusted peer every forwarding header is ignored, so a client cannot choose
 * its own address.
 *
 * <p>IPv6 clients are grouped by {@code WS_IPV6_PREFIX_LENGTH}. Immutable and thread-safe.
 */
public final class ClientAddressResolver {

  private final CidrSet trustedProxies;
  private final ForwardedHeader header;
  private final int ipv6PrefixLength;

  public ClientAddressResolver(CidrSet trustedProxies, ForwardedHeader header, int ipv6PrefixLength) {
    this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
    this.header = Objects.requireNonNull(header, "header");
    this.ipv6PrefixLength = ipv6PrefixLength;
  }

  /** The one forwarding header read ({@code WS_FORWARDED_HEADER}); its proto is believed, the other's is not. */
  public ForwardedHeader header() {
    return header;
  }

  /** Whether {@code peer} is a proxy whose forwarding headers are believed. */
  public boolean trusted(InetAddress peer) {
    return trustedProxies.contains(peer);
  }

  /**
   * The client behind {@code peer}.
   *
   * @param forwarded     every {@code Forwarded} header value, in order (empty when none)
   * @param xForwardedFor every {@code X-Forwarded-For} header value, in order (empty when none)
   */
  public ClientAddress resolve(InetAddress peer, List<String> forwarded, List<String> xForwardedFor) {
    return ClientAddress.of(clientOf(peer, forwarded, xForwardedFor, false), ipv6PrefixLength);
  }

  /**
   * The client behind {@code peer} as {@link #resolve} finds it, or empty when a hop that a trusted
   * proxy wrote names no IP address. Where the handshake may count such a client as the proxy (one
   * more client behind it, limited with the rest), a decision on who may reach a route must not: the
   * proxy's own address is often on an allow-list its clients are not.
   */
  public Optional<ClientAddress> identify(InetAddress peer, List<String> forwarded, List<String> xForwardedFor) {
    InetAddress client = clientOf(peer, forwarded, xForwardedFor, true);
    return client == null ? Optional.empty() : Optional.of(ClientAddress.of(client, ipv6PrefixLength));
  }

  /** With {@code exact}, {@code null} where the walk meets a hop that names no address. */
  private InetAddress clientOf(InetAddress peer, List<String> forwarded, List<String> xForwardedFor, boolean exact) {
    if (!trusted(peer)) {
      return peer;
    }
    List<String> hops = header == ForwardedHeader.FORWARDED
        ? ForwardedHops.forwardedFor(forwarded) : ForwardedHops.list(xForwardedFor);
    InetAddress lastTrusted = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = ForwardedHops.address(hops.get(i));
      if (hop == null) {
        return exact ? null : lastTrusted;
      }
      if (!trusted(hop)) {
        return hop;
      }
      lastTrusted = hop;
    }
    return lastTrusted;
  }
}
