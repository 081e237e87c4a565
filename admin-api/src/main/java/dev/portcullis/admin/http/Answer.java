package dev.portcullis.admin.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: a status, a body and its type, extra headers, and the content security policy that
 * fits the body (a JSON or text answer loads nothing; the dashboard page loads its own files). Immutable.
 *
 * @param json the body to write as JSON, or {@code null} when {@code bytes} holds it (or there is none)
 */
public record Answer(int status, Object json, byte[] bytes, String contentType, String csp,
    Map<String, String> headers) {

  /** Nothing may be loaded, framed or embedded: every JSON and text answer. */
  public static final String CSP_NONE = "default-src 'none'; frame-ancestors 'none'";
  /** The dashboard loads its own scripts, styles and images, and nothing from anywhere else. */
  public static final String CSP_PAGE =
      "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  public Answer {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(csp, "csp");
    headers = Map.copyOf(headers);
  }

  /** {@code status} with {@code body} written as JSON. */
  public static Answer json(int status, Object body) {
    return new Answer(status, body, null, "application/json", CSP_NONE, Map.of());
  }

  /** {@code 200} with {@code body} written as JSON. */
  public static Answer ok(Object body) {
    return json(200, body);
  }

  /** {@code 204}, no body. */
  public static Answer noContent() {
    return new Answer(204, null, new byte[0], "application/json", CSP_NONE, Map.of());
  }

  /** {@code {"error":"<code>"}}. */
  public static Answer error(int status, String code) {
    return json(status, Map.of("error", code));
  }

  /** {@code 400 {"error":"bad_request","fields":[...]}}. */
  public static Answer badRequest(List<String> fields) {
    return json(400, new BadRequestBody("bad_request", List.copyOf(fields)));
  }

  /** Plain text, such as the Prometheus exposition. */
  public static Answer text(int status, String contentType, String body) {
    return new Answer(status, null, body.getBytes(StandardCharsets.UTF_8), contentType, CSP_NONE, Map.of());
  }

  /** A file of the dashboard. */
  public static Answer file(String contentType, byte[] content) {
    return new Answer(200, null, content, contentType, CSP_PAGE, Map.of());
  }

  /** This answer with one more header. */
  public Answer withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new Answer(status, json, bytes, contentType, csp, more);
  }

  /** The body of a refused request: which fields were wrong, never why in a way that leaks internals. */
  public record BadRequestBody(String error, List<String> fields) {}
}
