package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertBadToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.multibindings.OptionalBinder;
import com.sun.net.httpserver.HttpServer;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.TokenMinter;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keys from a JWKS endpoint (a real HTTP server on loopback): a key rotation is picked up on the first
 * token with the new {@code kid}, a retired key stops working, and unknown kids neither pass nor cause
 * a fetch storm (catalogue AUTH-10). The node's clock is moved instead of sleeping past the refetch floor.
 */
class JwksRotationIT {

  static final KeyPair FIRST = generate("RSA");
  static final KeyPair SECOND = generate("EC");
  static final KeyPair UNPUBLISHED = generate("RSA");
  static final MutableClock CLOCK = new MutableClock(Instant.now());
  static final JwksEndpoint JWKS = new JwksEndpoint(Map.of("first", FIRST));

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer
      .with(c -> c.jwksUrl(JWKS.url()).jwksMinRefetchInterval(Duration.ofSeconds(1)))
      .module(binder -> OptionalBinder.newOptionalBinder(binder, Clock.class).setBinding().toInstance(CLOCK));

  @AfterAll
  static void stopJwks() {
    JWKS.stop();
  }

  @Test
  void aRotatedKeyIsPickedUpOnItsFirstTokenAndTheRetiredKeyIsRefusedAfterwards() {
    JWKS.publish(Map.of("first", FIRST));
    Wire.assertUpgrades(request(minted(FIRST, "first")));

    JWKS.publish(Map.of("second", SECOND));
    CLOCK.advance(Duration.ofSeconds(2)); // past the refetch floor, so an unknown kid may refetch
    Wire.assertUpgrades(request(minted(SECOND, "second")));

    assertBadToken(request(minted(FIRST, "first")).send());
  }

  @Test
  void tokensWithUnknownKidsAreRefusedAndCostAtMostOneFetchPerFloor() {
    int fetchesBefore = JWKS.fetches();

    for (int i = 0; i < 20; i++) {
      assertBadToken(request(minted(UNPUBLISHED, "kid-" + UUID.randomUUID())).send());
    }

    assertThat(JWKS.fetches() - fetchesBefore).isLessThanOrEqualTo(1);
  }

  @Test
  void aTokenSignedByAnUnpublishedKeyUnderAPublishedKidIsRefused() {
    String kid = JWKS.kids().get(0);
    assertBadToken(request(minted(UNPUBLISHED, kid)).send());
  }

  private static String minted(KeyPair pair, String kid) {
    // a fresh jti each time, so that no cached verdict answers for the key
    return TokenMinter.privateKey(pair.getPrivate()).clock(CLOCK).kid(kid).subject("gina")
        .jti(UUID.randomUUID().toString()).mint();
  }

  private static RawHandshake request(String token) {
    return RawHandshake.to(server.uri()).from(Peers.next()).bearer(token);
  }

  static KeyPair generate(String algorithm) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("EC")) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JWKS document served over HTTP on loopback, its key set replaceable at any time. Thread-safe. */
  static final class JwksEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer http;
    private final AtomicReference<Map<String, KeyPair>> keys;
    private final AtomicInteger fetches = new AtomicInteger();

    JwksEndpoint(Map<String, KeyPair> initial) {
      keys = new AtomicReference<>(initial);
      try {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      http.createContext("/.well-known/jwks.json", exchange -> {
        fetches.incrementAndGet();
        byte[] body = document().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      http.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/.well-known/jwks.json");
    }

    void publish(Map<String, KeyPair> next) {
      keys.set(next);
    }

    List<String> kids() {
      return List.copyOf(keys.get().keySet());
    }

    int fetches() {
      return fetches.get();
    }

    void stop() {
      http.stop(0);
    }

    private String document() {
      List<Object> jwks = keys.get().entrySet().stream()
          .map(e -> (Object) Jwks.builder().key(e.getValue().getPublic()).id(e.getKey()).build())
          .toList();
      try {
        return JSON.writeValueAsString(Map.of("keys", jwks));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
