package dev.portcullis.core.model;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * An upgrade request as the policies see it: transport-neutral, with the client address already
 * resolved. Immutable and thread-safe.
 *
 * @param client     the resolved client (the TCP peer, or the nearest untrusted forwarded hop)
 * @param peer       the TCP peer itself
 * @param origin     the {@code Origin} header, or {@code null} when absent
 * @param host       the {@code Host} header, or {@code null} when absent
 * @param secure     whether the request came over TLS
 * @param token      the token the request carried, or {@code null}
 * @param receivedAt when the transport received the request
 */
public record HandshakeRequest(
    ClientAddress client, InetAddress peer, String origin, String host, boolean secure, BearerToken token,
    Instant receivedAt) {

  public HandshakeRequest {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
