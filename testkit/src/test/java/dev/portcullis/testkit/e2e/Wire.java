package dev.portcullis.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.testkit.RawConnection;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.RawResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** What every test of the handshake asserts the same way: the exact shape of a refusal. */
final class Wire {

  static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Wire() {}

  /** Status {@code status} and a body that is exactly {@code {"error":"<code>"}}, nothing more. */
  static RawResponse assertRefused(RawResponse response, int status, String code) {
    assertThat(response.status()).as("status of %s", describe(response)).isEqualTo(status);
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("the body is not JSON: " + response.body(), e);
    }
    assertThat(body.isObject()).as("body %s is an object", response.body()).isTrue();
    assertThat(body.size()).as("body %s has one field", response.body()).isEqualTo(1);
    assertThat(body.path("error").asText()).as("body %s", response.body()).isEqualTo(code);
    return response;
  }

  /** {@code 401 unauthorized} for a presented but bad token: {@code WWW-Authenticate: Bearer error="invalid_token"}. */
  static RawResponse assertBadToken(RawResponse response) {
    assertRefused(response, 401, "unauthorized");
    assertThat(response.headers("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_token\"");
    return response;
  }

  /** {@code 401 unauthorized} for a missing token: a bare {@code WWW-Authenticate: Bearer} (RFC 6750 §3). */
  static RawResponse assertNoToken(RawResponse response) {
    assertRefused(response, 401, "unauthorized");
    assertThat(response.headers("WWW-Authenticate")).containsExactly("Bearer");
    return response;
  }

  /**
   * {@code 429 rate_limited} with {@code Retry-After} and the three {@code RateLimit-*} headers. The
   * bounds of the times are the business of {@link AttemptRateIT}, which controls the clock.
   */
  static RawResponse assertRateLimited(RawResponse response, long limit) {
    assertRefused(response, 429, "rate_limited");
    long retryAfter = seconds(response, "Retry-After");
    assertThat(retryAfter).as("Retry-After").isBetween(1L, 61L); // the 60 s window, counted in 1 s slots
    assertThat(seconds(response, "RateLimit-Limit")).isEqualTo(limit);
    assertThat(seconds(response, "RateLimit-Remaining")).isEqualTo(0L);
    assertThat(seconds(response, "RateLimit-Reset")).as("RateLimit-Reset").isGreaterThanOrEqualTo(retryAfter);
    return response;
  }

  /** {@code 403 blocked} with {@code Retry-After} no longer than {@code atMost}. */
  static RawResponse assertBlocked(RawResponse response, Duration atMost) {
    assertRefused(response, 403, "blocked");
    assertThat(seconds(response, "Retry-After")).isBetween(1L, atMost.toSeconds());
    return response;
  }

  /** The whole-number value of header {@code name}, which must be present. */
  static long seconds(RawResponse response, String name) {
    String value = response.header(name).orElseThrow(() -> new AssertionError(name + " missing in " + describe(response)));
    return Long.parseLong(value.trim());
  }

  /** Asserts a {@code 101} and keeps the connection open. */
  static RawConnection upgraded(RawHandshake request) {
    RawConnection connection = request.open();
    if (!connection.response().upgraded()) {
      connection.close();
      throw new AssertionError("expected 101, got " + describe(connection.response()));
    }
    return connection;
  }

  /** Asserts a {@code 101} and closes the connection again. */
  static void assertUpgrades(RawHandshake request) {
    try (RawConnection connection = upgraded(request)) {
      assertThat(connection.response().header("Upgrade")).hasValueSatisfying(
          v -> assertThat(v).isEqualToIgnoringCase("websocket"));
    }
  }

  /** Repeats {@code attempt} until it upgrades, for a slot that a closed connection frees asynchronously. */
  static RawConnection eventuallyUpgraded(Supplier<RawHandshake> attempt) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    RawResponse last = null;
    while (System.nanoTime() < deadline) {
      RawConnection connection = attempt.get().open();
      if (connection.response().upgraded()) {
        return connection;
      }
      last = connection.response();
      connection.close();
      pause(Duration.ofMillis(50));
    }
    throw new AssertionError("no upgrade within " + WAIT + "; last answer: " + (last == null ? "none" : describe(last)));
  }

  /** A message as CONTRACT §3 shapes it, stamped now. */
  static String envelope(String id) {
    return "{\"id\":\"" + id + "\",\"type\":\"track\",\"timestamp\":" + Instant.now().getEpochSecond()
        + ",\"payload\":{\"bpm\":128,\"tags\":[\"a\",\"b\"],\"gain\":-3.5,\"muted\":false}}";
  }

  static String describe(RawResponse response) {
    return response.status() + " " + response.headers() + " " + response.body();
  }

  /** A short pause between polls of something that changes asynchronously (a released slot). */
  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling", e);
    }
  }
}
