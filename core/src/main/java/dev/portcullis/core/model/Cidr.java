package dev.portcullis.core.model;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * An address range such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is a range of
 * one. Immutable and thread-safe.
 */
public record Cidr(InetAddress network, int prefixLength) {

  /** Parses {@code address[/prefix]}, refusing host names: a range is never resolved through DNS. */
  public static Cidr parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
    InetAddress address = ClientAddress.unmapped(IpLiteral.parse(host));
    int max = address.getAddress().length * 8;
    int prefix = max;
    if (slash >= 0) {
      String bits = trimmed.substring(slash + 1);
      if (!bits.matches("\\d{1,3}")) {
        throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
      }
      prefix = Integer.parseInt(bits);
      if (prefix > max) {
        throw new IllegalArgumentException("'" + text + "' has a prefix longer than " + max + " bits");
      }
    }
    return new Cidr(IpLiteral.of(ClientAddress.mask(address.getAddress(), prefix)), prefix);
  }

  public boolean contains(InetAddress candidate) {
    byte[] raw = ClientAddress.unmapped(candidate).getAddress();
    byte[] net = network.getAddress();
    if (raw.length != net.length) {
      return false;
    }
    return Arrays.equals(ClientAddress.mask(raw, prefixLength), net);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
