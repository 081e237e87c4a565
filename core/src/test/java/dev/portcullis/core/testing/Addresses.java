package dev.portcullis.core.testing;

import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.HandshakeRequest;
import dev.portcullis.core.model.IpLiteral;
import java.time.Instant;

/** Client addresses and handshake requests for tests, from IP literals (never DNS). */
public final class Addresses {

  /** The IPv6 prefix length the contract defaults to. */
  public static final int DEFAULT_IPV6_PREFIX = 64;

  private Addresses() {}

  public static ClientAddress client(String ipLiteral) {
    return ClientAddress.of(IpLiteral.parse(ipLiteral), DEFAULT_IPV6_PREFIX);
  }

  /** A plain handshake from {@code ipLiteral}: no origin, no token. */
  public static HandshakeRequest handshakeFrom(String ipLiteral, Instant receivedAt) {
    ClientAddress client = client(ipLiteral);
    return new HandshakeRequest(client, client.address(), null, "ws.example.com", false, null, receivedAt);
  }
}
