package dev.portcullis.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portcullis.core.model.Principal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;

/**
 * Principals of tokens that passed every check, keyed by the SHA-256 of the token (the token itself
 * is never kept), each for {@code WS_TOKEN_CACHE_TTL} and never past its {@code exp}. Bounded by entry
 * count; refusals are never cached; a TTL of zero turns it off. Time comes from the injected clock.
 * Thread-safe.
 */
final class TokenCache {

  static final long MAX_ENTRIES = 10_000;

  /** Null when caching is off. */
  private final Cache<Digest, Principal> cache;
  private final Clock clock;

  TokenCache(Duration ttl, Clock clock) {
    this(ttl, clock, MAX_ENTRIES);
  }

  TokenCache(Duration ttl, Clock clock, long maxEntries) {
    this.clock = clock;
    this.cache = ttl.isZero() ? null : Caffeine.newBuilder()
        .maximumSize(maxEntries)
        .ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run) // eviction work on the caller: no pool threads, deterministic in tests
        .expireAfter(new UntilExpiry(ttl.toNanos()))
        .build();
  }

  boolean enabled() {
    return cache != null;
  }

  /** The cached principal of this token, or {@code null}. */
  Principal get(Digest digest) {
    if (cache == null) {
      return null;
    }
    Principal principal = cache.getIfPresent(digest);
    // Caffeine already expires at exp; this guards a clock that moved between its read and ours.
    return principal != null && clock.instant().isBefore(principal.expiresAt()) ? principal : null;
  }

  void put(Digest digest, Principal principal) {
    if (cache != null && clock.instant().isBefore(principal.expiresAt())) {
      cache.put(digest, principal);
    }
  }

  /** The SHA-256 of a token, as four longs: compact, with value equality, and not the token. */
  record Digest(long a, long b, long c, long d) {

    static Digest of(String token) {
      try {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        ByteBuffer buffer = ByteBuffer.wrap(hash);
        return new Digest(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("Every Java runtime has SHA-256", e);
      }
    }
  }

  /** An entry lives for the TTL or until the token's {@code exp}, whichever comes first. */
  private static final class UntilExpiry implements Expiry<Digest, Principal> {
    private final long ttlNanos;

    UntilExpiry(long ttlNanos) {
      this.ttlNanos = ttlNanos;
    }

    @Override
    public long expireAfterCreate(Digest key, Principal principal, long currentTime) {
      // In milliseconds first: an exp centuries ahead would overflow nanoseconds.
      long untilExpMillis = principal.expiresAt().toEpochMilli() - currentTime / 1_000_000L;
      if (untilExpMillis >= ttlNanos / 1_000_000L) {
        return ttlNanos;
      }
      return Math.max(0, untilExpMillis * 1_000_000L);
    }

    @Override
    public long expireAfterUpdate(Digest key, Principal principal, long currentTime, long remaining) {
      return expireAfterCreate(key, principal, currentTime);
    }

    @Override
    public long expireAfterRead(Digest key, Principal principal, long currentTime, long remaining) {
      return remaining;
    }
  }
}
