package dev.portcullis.admin.http;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One admin route: a method, a path template such as {@code /admin/blocks/{target}} (a {@code {name}}
 * segment matches one decoded path segment that fits {@code parameter}), who may call it, and its handler.
 * Immutable.
 */
public record Route(String method, String template, Access access, Pattern parameter, RouteHandler handler) {

  /** Who may reach a route. */
  public enum Access {
    /** Anyone: {@code /health}, which load balancers call. */
    PUBLIC,
    /** Callers from {@code WS_ADMIN_ALLOWED_IPS}, without a token: the dashboard's files, {@code /metrics}. */
    NETWORK,
    /** Callers from {@code WS_ADMIN_ALLOWED_IPS} with an admin token: the admin API. */
    TOKEN
  }

  /** A path parameter is one non-empty segment without control characters. */
  public static final Pattern ANY_SEGMENT = Pattern.compile("[^\\p{Cntrl}]{1,512}");

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(parameter, "parameter");
    Objects.requireNonNull(handler, "handler");
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("a route template starts with '/': " + template);
    }
  }

  public static Route of(String method, String template, Access access, RouteHandler handler) {
    return new Route(method, template, access, ANY_SEGMENT, handler);
  }

  List<String> segments() {
    return Paths.segments(template);
  }
}
