package dev.portcullis.jwt;

import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Fetches one JWKS document over HTTP: bounded in time (connect and whole-fetch deadlines) and in size
 * (the body is cut off past {@link #MAX_BODY_BYTES}), redirects never followed, parsed by jjwt.
 * Thread-safe.
 */
final class JwksClient {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  /** The whole fetch, headers and body: a slow endpoint must not hold handshakes for long. */
  static final Duration FETCH_DEADLINE = Duration.ofSeconds(5);
  static final int MAX_BODY_BYTES = 512 * 1024;

  private final URI url;
  private final HttpClient http;

  JwksClient(URI url) {
    this.url = url;
    this.http = HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER) // a redirect could lead anywhere (SSRF)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /** The endpoint's host, for log lines. */
  String host() {
    return url.getHost();
  }

  /** Starts one fetch; the future fails with {@link JwksFetchException} or a timeout. */
  CompletableFuture<JwkSet> fetch() {
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(FETCH_DEADLINE)
        .header("Accept", "application/json")
        .GET()
        .build();
    return http.sendAsync(request, info -> info.statusCode() == 200
            ? new CappedBody(MAX_BODY_BYTES)
            : HttpResponse.BodySubscribers.<byte[]>replacing(null))
        .orTimeout(FETCH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(JwksClient::parse);
  }

  private static JwkSet parse(HttpResponse<byte[]> response) {
    if (response.statusCode() != 200 || response.body() == null) {
      throw new JwksFetchException("JWKS endpoint answered HTTP " + response.statusCode());
    }
    try {
      return Jwks.setParser().build().parse(new String(response.body(), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new JwksFetchException("JWKS document could not be parsed (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** A fetch that did not give a usable document. Its message names no key and no token. */
  static final class JwksFetchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JwksFetchException(String message) {
      super(message, null, false, false);
    }
  }

  /** Collects a body up to a cap, and cancels the download past it. */
  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    CappedBody(int max) {
      this.max = max;
    }

    @Override
    public CompletableFuture<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (body.isDone()) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        if (bytes.size() + buffer.remaining() > max) {
          subscription.cancel();
          body.completeExceptionally(new JwksFetchException("JWKS document is larger than " + max + " bytes"));
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      body.complete(bytes.toByteArray());
    }
  }
}
