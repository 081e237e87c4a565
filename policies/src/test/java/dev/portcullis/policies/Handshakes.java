package dev.portcullis.policies;

import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.HandshakeRequest;
import dev.portcullis.core.model.IpLiteral;
import dev.portcullis.core.policy.HandshakeContext;
import java.net.InetAddress;
import java.time.Instant;

/** Builds handshake contexts for policy tests. */
final class Handshakes {

  private Handshakes() {}

  static HandshakeContext from(String address) {
    return of(address, null, null, null);
  }

  static HandshakeContext of(String address, String origin, String host, BearerToken token) {
    InetAddress ip = IpLiteral.parse(address);
    return new HandshakeContext(new HandshakeRequest(ClientAddress.of(ip, 64), ip, origin, host, false, token,
        Instant.EPOCH));
  }

  static HandshakeContext withOrigin(String origin, String host) {
    return of("203.0.113.5", origin, host, null);
  }

  static HandshakeContext withToken(String address, String token) {
    return of(address, null, null, new BearerToken(token, BearerToken.Carrier.HEADER));
  }
}
