package dev.portcullis.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Talks to a node's admin surface over a real socket, as a client behind the node's trusted proxy: every
 * request carries {@code X-Forwarded-For} with the address the test chooses, so that tests can act from
 * allowed and refused addresses without touching each other's failed-authentication counts. Checks the
 * security headers of every answer. Immutable.
 */
final class AdminClient {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final int port;
  private final String from;
  private final Map<String, String> headers;

  private AdminClient(int port, String from, Map<String, String> headers) {
    this.port = port;
    this.from = from;
    this.headers = Map.copyOf(headers);
  }

  /** A client whose requests seem to come from {@code address} through the trusted proxy on loopback. */
  static AdminClient of(int port, String address) {
    return new AdminClient(port, address, Map.of());
  }

  AdminClient bearer(String token) {
    return header("Authorization", "Bearer " + token);
  }

  AdminClient header(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new AdminClient(port, from, more);
  }

  HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  HttpResponse<String> delete(String path) {
    return send("DELETE", path, null);
  }

  HttpResponse<String> post(String path, String json) {
    return send("POST", path, json);
  }

  HttpResponse<String> send(String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .header("X-Forwarded-For", from)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null && !headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertSecurityHeaders(response);
      return response;
    } catch (IOException e) {
      throw new IllegalStateException("no answer from the admin surface for " + method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** The headers every answer of the surface carries. */
  static void assertSecurityHeaders(HttpResponse<String> response) {
    var h = response.headers();
    assertThat(h.firstValue("Cache-Control")).as("Cache-Control of %s", response.uri()).hasValue("no-store");
    assertThat(h.firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(h.firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(h.firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
        assertThat(csp).contains("frame-ancestors 'none'").containsAnyOf("default-src 'none'", "default-src 'self'"));
    assertThat(h.allValues("Access-Control-Allow-Origin")).doesNotContain("*");
  }
}
