package dev.portcullis.core.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP address literals without ever asking DNS (unlike {@link InetAddress#getByName}). */
public final class IpLiteral {

  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  /**
   * Starts with a hex digit or a colon: only then does {@link InetAddress#getByName} treat the text as a
   * literal; anything else (such as {@code .:1}) it would send to DNS.
   */
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

  private IpLiteral() {}

  /**
   * The address written in {@code text} (IPv4 dotted quad, or IPv6 with optional brackets and zone).
   *
   * @throws IllegalArgumentException when {@code text} is not an IP literal
   */
  public static InetAddress parse(String text) {
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    boolean literal = IPV4.matcher(s).matches() || (s.indexOf(':') >= 0 && IPV6.matcher(s).matches());
    if (!literal) {
      throw new IllegalArgumentException("'" + abbreviate(text) + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(s); // a literal: no lookup happens
    } catch (UnknownHostException | RuntimeException e) {
      throw new IllegalArgumentException("'" + abbreviate(text) + "' is not an IP address", e);
    }
  }

  /** True when {@code text} parses as an IP literal. */
  public static boolean isLiteral(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static InetAddress of(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes", e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }
}
