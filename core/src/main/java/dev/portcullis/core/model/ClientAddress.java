package dev.portcullis.core.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The identity a client is counted, limited and blocked by: its IPv4 address, or its IPv6 address
 * masked to the configured prefix (one /64 is one client by default, since a host can rotate freely
 * inside its own prefix). IPv4-mapped IPv6 addresses are unwrapped, so {@code ::ffff:203.0.113.5} and
 * {@code 203.0.113.5} are the same client. Immutable and thread-safe.
 *
 * @param key     the normalised text used in every map, counter and log line: {@code 203.0.113.5} or
 *                {@code 2001:db8:1:2:0:0:0:0/64}
 * @param address the address the client really used (before prefix masking)
 */
public record ClientAddress(String key, InetAddress address) {

  public ClientAddress {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(address, "address");
  }

  /** The client identity of {@code address}, grouping IPv6 addresses by {@code ipv6PrefixLength} bits. */
  public static ClientAddress of(InetAddress address, int ipv6PrefixLength) {
    InetAddress plain = unmapped(address);
    if (plain instanceof Inet4Address) {
      return new ClientAddress(plain.getHostAddress(), plain);
    }
    byte[] masked = mask(plain.getAddress(), ipv6PrefixLength);
    String key = ipv6PrefixLength >= 128
        ? toInet(masked).getHostAddress()
        : toInet(masked).getHostAddress() + "/" + ipv6PrefixLength;
    return new ClientAddress(key, plain);
  }

  /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as the IPv4 address it carries; others unchanged. */
  public static InetAddress unmapped(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] b = address.getAddress();
      boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = b[i] == 0;
      }
      if (mapped) {
        return toInet(new byte[] {b[12], b[13], b[14], b[15]});
      }
      if (((Inet6Address) address).getScopeId() != 0) {
        return toInet(b); // drop the %zone: it names an interface, not a client
      }
    }
    return address;
  }

  static byte[] mask(byte[] bytes, int prefixLength) {
    byte[] out = bytes.clone();
    for (int bit = prefixLength; bit < out.length * 8; bit++) {
      out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return out;
  }

  private static InetAddress toInet(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address of 4 or 16 bytes", e);
    }
  }

  @Override
  public String toString() {
    return key;
  }
}
