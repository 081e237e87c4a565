package dev.portcullis.admin.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the route of a request: a match with its decoded path parameters, the methods the path allows
 * when the method is wrong ({@code 405} with {@code Allow}), or nothing ({@code 404}). A literal segment
 * wins over a parameter. Immutable and thread-safe.
 */
public final class Router {

  private final List<Route> routes;

  public Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  /** Every route, in the order given. */
  public List<Route> routes() {
    return routes;
  }

  /** The outcome of a lookup. */
  public sealed interface Lookup {}

  /** The route and its decoded parameters. */
  public record Found(Route route, Map<String, String> parameters) implements Lookup {}

  /** The path exists, the method does not: {@code allowed} goes into {@code Allow}. */
  public record WrongMethod(Set<String> allowed) implements Lookup {}

  /** No route has this path. */
  public record NotFound() implements Lookup {}

  /**
   * Looks up {@code method} on {@code decodedSegments}.
   */
  public Lookup find(String method, List<String> decodedSegments) {
    Found best = null;
    int bestLiterals = -1;
    Set<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      Map<String, String> parameters = match(route, decodedSegments);
      if (parameters == null) {
        continue;
      }
      allowed.add(route.method());
      int literals = route.segments().size() - parameters.size();
      if (route.method().equals(method) && literals > bestLiterals) {
        best = new Found(route, parameters);
        bestLiterals = literals;
      }
    }
    if (best != null) {
      return best;
    }
    return allowed.isEmpty() ? new NotFound() : new WrongMethod(allowed);
  }

  /** Whether some route has this path, whatever its method. */
  public boolean knows(List<String> decodedSegments) {
    return !(find("", decodedSegments) instanceof NotFound);
  }

  private static Map<String, String> match(Route route, List<String> segments) {
    List<String> template = route.segments();
    if (template.size() != segments.size()) {
      return null;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < template.size(); i++) {
      String expected = template.get(i);
      String actual = segments.get(i);
      if (expected.startsWith("{") && expected.endsWith("}")) {
        if (!route.parameter().matcher(actual).matches()) {
          return null;
        }
        parameters.put(expected.substring(1, expected.length() - 1), actual);
      } else if (!expected.equals(actual)) {
        return null;
      }
    }
    return parameters;
  }

  /** The templates of the routes, each with its methods, for documentation checks. */
  public Map<String, Set<String>> table() {
    Map<String, Set<String>> table = new LinkedHashMap<>();
    for (Route route : new ArrayList<>(routes)) {
      table.computeIfAbsent(route.template(), t -> new TreeSet<>()).add(route.method());
    }
    return table;
  }
}
