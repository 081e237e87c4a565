package dev.portcullis.undertow;

import dev.portcullis.core.model.IpLiteral;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the hop lists of {@code Forwarded} (RFC 7239) and {@code X-Forwarded-For}: every header
 * instance, in order, left (first proxy's client) to right (nearest proxy's client). Pure functions;
 * thread-safe.
 */
final class ForwardedHops {

  private ForwardedHops() {}

  /**
   * The {@code for=} value of every element of every {@code Forwarded} header, in order. An element
   * without {@code for=} yields an empty string, which {@link #address} treats as garbage.
   */
  static List<String> forwardedFor(List<String> headers) {
    List<String> hops = new ArrayList<>();
    for (String header : headers) {
      for (String element : split(header, ',')) {
        if (element.isBlank()) {
          continue;
        }
        String node = "";
        for (String pair : split(element, ';')) {
          int eq = pair.indexOf('=');
          if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
            node = pair.substring(eq + 1).trim();
          }
        }
        hops.add(node);
      }
    }
    return hops;
  }

  /** The {@code proto=} of the right-most {@code Forwarded} element, lower case, or {@code null}. */
  static String lastForwardedProto(List<String> headers) {
    String proto = null;
    for (String header : headers) {
      for (String element : split(header, ',')) {
        if (element.isBlank()) {
          continue;
        }
        proto = null;
        for (String pair : split(element, ';')) {
          int eq = pair.indexOf('=');
          if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("proto")) {
            proto = unquote(pair.substring(eq + 1).trim()).toLowerCase(Locale.ROOT);
          }
        }
      }
    }
    return proto;
  }

  /** Every comma-separated entry of every {@code X-Forwarded-For} (or similar list) header, in order. */
  static List<String> list(List<String> headers) {
    List<String> hops = new ArrayList<>();
    for (String header : headers) {
      for (String entry : header.split(",", -1)) {
        hops.add(entry.trim());
      }
    }
    return hops;
  }

  /**
   * The IP address a hop names, or {@code null} when it names none ({@code unknown}, an obfuscated
   * {@code _hidden} identifier, a host name, junk). Accepts {@code 192.0.2.1}, {@code 192.0.2.1:8080},
   * {@code 2001:db8::1}, {@code [2001:db8::1]} and {@code [2001:db8::1]:8080}, quoted or not. Never asks
   * DNS.
   */
  static InetAddress address(String hop) {
    String s = unquote(hop.trim()).trim();
    if (s.isEmpty()) {
      return null;
    }
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || !portOrNothing(s.substring(close + 1))) {
        return null;
      }
      s = s.substring(1, close);
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':') && s.indexOf('.') >= 0) {
      int colon = s.indexOf(':');
      if (!portOrNothing(s.substring(colon))) {
        return null;
      }
      s = s.substring(0, colon); // IPv4 with a port
    }
    try {
      return IpLiteral.parse(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean portOrNothing(String rest) {
    return rest.isEmpty() || rest.matches(":\\d{1,5}");
  }

  /** A quoted-string's content (RFC 9110 §5.6.4), backslash escapes undone; other text unchanged. */
  static String unquote(String s) {
    if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() - 1) {
        c = s.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Splits on {@code separator} outside quoted strings, so {@code for="a,b"} stays one piece. */
  static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\' && i + 1 < text.length()) {
        current.append(c).append(text.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == separator && !quoted) {
        parts.add(current.toString().trim());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString().trim());
    return parts;
  }
}
