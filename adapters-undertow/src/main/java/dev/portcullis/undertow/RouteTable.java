package dev.portcullis.undertow;

import io.undertow.server.HttpHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The extra HTTP routes served beside the WebSocket endpoint, checked once at start-up and matched by
 * the longest prefix on a path-segment boundary: {@code /admin} takes {@code /admin}, {@code /admin/}
 * and {@code /admin/blocks}, never {@code /administrator}.
 *
 * <p>A prefix is one or more non-empty segments of unreserved characters (RFC 3986 §2.3), with no
 * trailing slash and no {@code .} or {@code ..} segment, so that two spellings of one prefix cannot
 * both be bound; and it must not take the WebSocket path (equal to it, or a parent of it), which
 * belongs to the upgrade chain alone. Every broken rule is reported in one message. Duplicated
 * prefixes never get here: Guice's {@code MapBinder} refuses them when the injector is made.
 *
 * <p>Immutable and thread-safe.
 */
final class RouteTable {

  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  /** A route that took a request: its prefix and its handler. */
  record Route(String prefix, HttpHandler handler) {}

  /** Longest prefix first, so that the first match is the longest. */
  private final Route[] routes;

  private RouteTable(List<Route> routes) {
    this.routes = routes.stream()
        .sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed())
        .toArray(Route[]::new);
  }

  /**
   * The routes of {@code handlers}, keyed by prefix.
   *
   * @throws IllegalStateException naming every refused prefix and why
   */
  static RouteTable of(Map<String, HttpHandler> handlers, String webSocketPath) {
    Objects.requireNonNull(webSocketPath, "webSocketPath");
    List<String> problems = new ArrayList<>();
    List<Route> routes = new ArrayList<>();
    handlers.forEach((prefix, handler) -> {
      String problem = problem(prefix, webSocketPath);
      if (problem != null) {
        problems.add("'" + prefix + "' " + problem);
      } else {
        routes.add(new Route(prefix, Objects.requireNonNull(handler, "handler")));
      }
    });
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Cannot mount the HTTP routes: " + String.join("; ", problems));
    }
    return new RouteTable(routes);
  }

  private static String problem(String prefix, String webSocketPath) {
    if (prefix == null || !prefix.startsWith("/")) {
      return "must start with '/'";
    }
    if (!PREFIX.matcher(prefix).matches() || prefix.contains("/./") || prefix.endsWith("/.")
        || prefix.contains("/../") || prefix.endsWith("/..")) {
      return "must be one or more non-empty segments of letters, digits and '-._~', "
          + "without a trailing '/' and without '.' or '..' segments";
    }
    if (covers(prefix, webSocketPath)) {
      return "must not equal or contain the WebSocket path '" + webSocketPath + "'";
    }
    return null;
  }

  /** The route that takes {@code path}, or {@code null} when none does. */
  Route find(String path) {
    for (Route route : routes) {
      if (covers(route.prefix(), path)) {
        return route;
      }
    }
    return null;
  }

  /** Whether {@code path} is {@code prefix} or lies beneath it, on a segment boundary. */
  static boolean covers(String prefix, String path) {
    return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }
}
