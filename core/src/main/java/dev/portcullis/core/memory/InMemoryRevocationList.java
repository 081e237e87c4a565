package dev.portcullis.core.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.Revocation;
import dev.portcullis.core.port.RevocationList;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RevocationList} on one node: token revocations by {@code jti} and subject revocations by
 * subject, each forgotten by itself at its {@code until}. A check is two hash lookups.
 *
 * <p>Bounded by a cap on live revocations ({@link #DEFAULT_MAX_REVOCATIONS} unless told). Only operators
 * revoke, so the cap is never an attacker's lever; and silently dropping a revocation would let a
 * revoked token back in, so a full list refuses a new revocation (it still widens one it holds) instead
 * of evicting. Thread-safe.
 */
public final class InMemoryRevocationList implements RevocationList {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryRevocationList.class);
  public static final long DEFAULT_MAX_REVOCATIONS = 100_000;

  private final Clock clock;
  private final long maxRevocations;
  private final Cache<String, Revocation> tokens;
  private final Cache<String, Revocation> subjects;
  private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();

  public InMemoryRevocationList(Clock clock) {
    this(clock, DEFAULT_MAX_REVOCATIONS);
  }

  public InMemoryRevocationList(Clock clock, long maxRevocations) {
    if (maxRevocations < 1) {
      throw new IllegalArgumentException("a revocation list holds at least one revocation, not " + maxRevocations);
    }
    this.clock = clock;
    this.maxRevocations = maxRevocations;
    this.tokens = newCache(clock);
    this.subjects = newCache(clock);
  }

  private static Cache<String, Revocation> newCache(Clock clock) {
    return Caffeine.newBuilder()
        .ticker(() -> clock.millis() * 1_000_000L)
        .expireAfter(new UntilExpiry(clock))
        .build();
  }

  @Override
  public void revoke(Revocation revocation) {
    tell(hold(revocation));
  }

  /**
   * Holds {@code revocation} (widening the one held for its token or subject) without telling the
   * watchers; returns what is held now. For a mirror that tells its watchers itself.
   *
   * @throws IllegalStateException when the list is full and {@code revocation} names a new token or subject
   */
  public Revocation hold(Revocation revocation) {
    Cache<String, Revocation> cache = cacheOf(revocation.kind());
    if (cache.getIfPresent(revocation.value()) == null && size() >= maxRevocations) {
      throw new IllegalStateException("The revocation list holds its maximum of " + maxRevocations
          + " live revocations; a new " + revocation.kind().name().toLowerCase(Locale.ROOT)
          + " revocation was refused");
    }
    Instant now = clock.instant();
    return cache.asMap().merge(revocation.value(), revocation,
        (held, added) -> held.until().isAfter(now) ? held.widenedBy(added) : added);
  }

  /** The live revocation held for {@code kind} and {@code value}, if any. */
  public Optional<Revocation> find(Revocation.Kind kind, String value) {
    Revocation held = cacheOf(kind).getIfPresent(value);
    return held != null && held.until().isAfter(clock.instant()) ? Optional.of(held) : Optional.empty();
  }

  /** Forgets the revocation of {@code kind} and {@code value}; for a mirror told that the shared list lost it. */
  public void forget(Revocation.Kind kind, String value) {
    cacheOf(kind).invalidate(value);
  }

  @Override
  public boolean isRevoked(Principal principal) {
    Instant now = clock.instant();
    String tokenId = principal.tokenId();
    if (tokenId != null) {
      Revocation token = tokens.getIfPresent(tokenId);
      if (token != null && token.until().isAfter(now)) {
        return true;
      }
    }
    Revocation subject = subjects.getIfPresent(principal.subject());
    return subject != null && subject.until().isAfter(now) && subject.covers(principal);
  }

  @Override
  public List<Revocation> list() {
    Instant now = clock.instant();
    List<Revocation> live = new ArrayList<>();
    for (Cache<String, Revocation> cache : List.of(tokens, subjects)) {
      for (Revocation revocation : cache.asMap().values()) {
        if (revocation.until().isAfter(now)) {
          live.add(revocation);
        }
      }
    }
    live.sort(Comparator.comparing(Revocation::until));
    return live;
  }

  /** Live revocations held now, expired ones cleaned up first. */
  public long size() {
    tokens.cleanUp();
    subjects.cleanUp();
    return tokens.estimatedSize() + subjects.estimatedSize();
  }

  @Override
  public void watch(RevocationListener listener) {
    listeners.add(listener);
  }

  /** Tells every watcher of {@code revocation}; a watcher that throws is logged and the others still hear. */
  private void tell(Revocation revocation) {
    for (RevocationListener listener : listeners) {
      try {
        listener.revoked(revocation);
      } catch (RuntimeException e) {
        LOG.error("A revocation listener failed", e);
      }
    }
  }

  private Cache<String, Revocation> cacheOf(Revocation.Kind kind) {
    return kind == Revocation.Kind.TOKEN ? tokens : subjects;
  }

  private record UntilExpiry(Clock clock) implements Expiry<String, Revocation> {
    @Override
    public long expireAfterCreate(String key, Revocation revocation, long now) {
      return Math.max(0, revocation.until().toEpochMilli() - clock.millis()) * 1_000_000L;
    }

    @Override
    public long expireAfterUpdate(String key, Revocation revocation, long now, long remaining) {
      return expireAfterCreate(key, revocation, now);
    }

    @Override
    public long expireAfterRead(String key, Revocation revocation, long now, long remaining) {
      return remaining;
    }
  }
}
