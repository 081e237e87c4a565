package dev.portcullis.jwt;

import dev.portcullis.core.config.JwtConfig;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.HealthCheck;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys from a JWKS endpoint (Clerk style), kept in memory by {@code kid}.
 *
 * <ul>
 *   <li>Fetched once at construction, in the background: a failure there does not stop the node, the
 *       next token retries.</li>
 *   <li>Refreshed in the background once the keys are {@code WS_JWKS_REFRESH_INTERVAL} old; the token
 *       that notices goes on with the keys in hand.</li>
 *   <li>An unknown {@code kid} waits for a refetch (rotation), but no fetch of any kind starts sooner
 *       than {@code WS_JWKS_MIN_REFETCH_INTERVAL} after the previous one: a flood of random kids costs
 *       one fetch per interval (AUTH-10). Callers that arrive while a fetch is under way wait for that
 *       same fetch instead of starting another.</li>
 *   <li>A failed fetch keeps the last good keys, until {@code WS_JWKS_MAX_STALENESS} after the last
 *       success; past that every token is refused {@code KEYS_UNAVAILABLE} (AUTH-11).</li>
 * </ul>
 *
 * <p>Only the configured URL is ever fetched; a {@code kid} is only a map key. Thread-safe.
 */
final class JwksKeySource implements KeySource {

  private static final Logger LOG = LoggerFactory.getLogger(JwksKeySource.class);

  private final JwksClient client;
  private final Clock clock;
  private final Set<String> allowed;
  private final Duration refreshInterval;
  private final Duration minRefetchInterval;
  private final Duration maxStaleness;

  /** The last good keys; {@code null} until the first success. */
  private volatile JwksKeySet current;

  private final Object lock = new Object();
  /** When the last fetch started; guarded by {@link #lock}. */
  private Instant lastAttempt;
  /** The fetch under way, or a finished one; guarded by {@link #lock}. */
  private CompletableFuture<JwksKeySet> inFlight;

  /**
   * @param allowed the algorithms tokens may use; keys are kept only for these
   */
  JwksKeySource(JwtConfig config, Set<String> allowed, Clock clock) {
    this(new JwksClient(config.jwksUrl()), allowed, clock, config.jwksRefreshInterval(),
        config.jwksMinRefetchInterval(), config.jwksMaxStaleness());
  }

  JwksKeySource(JwksClient client, Set<String> allowed, Clock clock, Duration refreshInterval,
      Duration minRefetchInterval, Duration maxStaleness) {
    this.client = client;
    this.allowed = Set.copyOf(allowed);
    this.clock = clock;
    this.refreshInterval = refreshInterval;
    this.minRefetchInterval = minRefetchInterval;
    this.maxStaleness = maxStaleness;
    fetchIfAllowed(clock.instant()); // warm up in the background; never fails construction
  }

  @Override
  public Set<String> fittingAlgorithms() {
    return KeyAlgorithms.ASYMMETRIC;
  }

  @Override
  public Key find(String alg, String kid) {
    Instant now = clock.instant();
    JwksKeySet keys = current;
    if (keys == null || stale(keys, now)) {
      keys = fetchAndWait(now);
      if (keys == null || stale(keys, now)) {
        throw new KeyRefusal(AuthFailure.KEYS_UNAVAILABLE);
      }
    } else if (!now.isBefore(keys.fetchedAt().plus(refreshInterval))) {
      fetchIfAllowed(now); // refresh behind the token, which goes on with the keys in hand
    }
    JwksKeySet.Entry entry = keys.find(kid);
    if (entry == null && kid != null) {
      JwksKeySet refetched = fetchAndWait(now); // perhaps a rotation
      entry = refetched == null ? null : refetched.find(kid);
    }
    if (entry == null) {
      throw new KeyRefusal(AuthFailure.UNKNOWN_KEY);
    }
    if (!entry.algorithms().contains(alg)) {
      throw new KeyRefusal(AuthFailure.ALGORITHM_NOT_ALLOWED);
    }
    return entry.key();
  }

  /**
   * Not ready before the first good fetch, nor once the last good keys are older than
   * {@code WS_JWKS_MAX_STALENESS}: every token is refused then.
   */
  @Override
  public HealthCheck.Status status() {
    JwksKeySet keys = current;
    if (keys == null) {
      return new HealthCheck.Status(false, "no keys fetched yet from WS_JWKS_URL");
    }
    if (stale(keys, clock.instant())) {
      return new HealthCheck.Status(false, "keys fetched " + keys.fetchedAt() + " are past WS_JWKS_MAX_STALENESS");
    }
    return new HealthCheck.Status(true, "keys fetched " + keys.fetchedAt());
  }

  private boolean stale(JwksKeySet keys, Instant now) {
    return !now.isBefore(keys.fetchedAt().plus(maxStaleness));
  }

  /** Joins the fetch under way, or starts one if the floor allows, and returns the keys after it. */
  private JwksKeySet fetchAndWait(Instant now) {
    CompletableFuture<JwksKeySet> fetch = fetchIfAllowed(now);
    if (fetch != null) {
      try {
        fetch.get(JwksClient.FETCH_DEADLINE.toMillis() + 1000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // logged where the fetch failed; the last good keys (if any) stay in force
      }
    }
    return current;
  }

  /**
   * The fetch under way (joined), a new one (when the last started at least the minimum refetch
   * interval ago), or {@code null} when the floor forbids fetching now.
   */
  private CompletableFuture<JwksKeySet> fetchIfAllowed(Instant now) {
    synchronized (lock) {
      if (inFlight != null && !inFlight.isDone()) {
        return inFlight;
      }
      if (lastAttempt != null && now.isBefore(lastAttempt.plus(minRefetchInterval))) {
        return null;
      }
      lastAttempt = now;
      CompletableFuture<JwksKeySet> fetch;
      try {
        fetch = client.fetch().thenApply(set -> accept(JwksKeySet.of(set, allowed, clock.instant())));
      } catch (RuntimeException e) {
        fetch = CompletableFuture.failedFuture(e); // sendAsync refusing outright (e.g. a bad URL)
      }
      inFlight = fetch.whenComplete((keys, failure) -> {
        if (failure != null) {
          Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
          LOG.warn("JWKS fetch from {} failed ({}); keeping the last good keys", client.host(),
              cause instanceof JwksClient.JwksFetchException ? cause.getMessage() : cause.getClass().getSimpleName());
        }
      });
      return inFlight;
    }
  }

  /** Installs a fetched set; an empty one is treated as a failure, so it cannot wipe good keys. */
  private JwksKeySet accept(JwksKeySet keys) {
    if (keys.isEmpty()) {
      throw new JwksClient.JwksFetchException("JWKS document holds no usable signing key");
    }
    current = keys;
    return keys;
  }
}
