package dev.portcullis.redis;

import dev.portcullis.core.memory.InMemoryConnectionRegistry;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.OpenConnection;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConnectionRegistry} whose slots are counted across the fleet: per address, per subject, and in
 * total. A lease is a member of a sorted set per scope and key, scored by a deadline; taking one is one
 * atomic script that first reclaims the members whose deadline passed. Each node pushes the deadlines
 * of its leases on every {@link RedisOptions#heartbeat()}, so the leases of a node that died without a
 * goodbye are reclaimed within {@link RedisOptions#leaseTtl()}; the same heartbeat writes back leases
 * Redis lost or never saw (taken while it was out of reach), so a node that reconnects is counted
 * again. The open connections themselves ({@link #register}, {@link #connectionsOf}) are this node's
 * only: a socket can only be closed where it lives.
 *
 * <p>While Redis is out of reach, {@code local} and {@code closed} lease on this node's own count, up
 * to its share of the limit; {@code open} grants every lease. Thread-safe.
 */
public final class LettuceConnectionRegistry implements ConnectionRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(LettuceConnectionRegistry.class);
  private static final LuaScript LEASE = LuaScript.load("lease");
  private static final LuaScript LEASED = LuaScript.load("leased");
  private static final LuaScript REFRESH = LuaScript.load("refresh");
  private static final int REFRESH_CHUNK = 500;

  private final RedisState state;
  private final InMemoryConnectionRegistry open = new InMemoryConnectionRegistry();
  /** The leases this node holds, by Redis key. */
  private final Map<String, Set<HeldLease>> held = new ConcurrentHashMap<>();
  /** Released leases whose removal has not reached Redis yet, by Redis key. */
  private final Map<String, Set<String>> unreleased = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  /** Orders releases against the heartbeat, so a heartbeat never writes back a lease just released. */
  private final Object order = new Object();

  public LettuceConnectionRegistry(RedisState state) {
    this.state = state;
    state.every(state.options().heartbeat(), "lease heartbeat", this::heartbeat);
  }

  @Override
  public Optional<Lease> tryLease(LeaseScope scope, String key, int limit) {
    String redisKey = state.keys().lease(scope, key);
    String id = state.nodeId() + ":" + sequence.incrementAndGet();
    try {
      List<Object> answer = state.run("lease", LEASE, ScriptOutputType.MULTI, new String[] {redisKey},
          state.scriptNow(), Integer.toString(limit), id, ttlMillis());
      return ((Number) answer.get(0)).longValue() == 1 ? Optional.of(hold(redisKey, id)) : Optional.empty();
    } catch (RedisUnavailableException e) {
      // The script may still run late: the lease keeps this id, so the heartbeat or its release settles it.
      return fallback(redisKey, id, limit);
    }
  }

  @Override
  public long leased(LeaseScope scope, String key) {
    String redisKey = state.keys().lease(scope, key);
    try {
      Long count = state.run("lease count", LEASED, ScriptOutputType.INTEGER, new String[] {redisKey},
          state.scriptNow());
      return count;
    } catch (RedisUnavailableException e) {
      Set<HeldLease> mine = held.get(redisKey);
      return mine == null ? 0 : mine.size();
    }
  }

  @Override
  public void register(OpenConnection connection) {
    open.register(connection);
  }

  @Override
  public void unregister(OpenConnection connection) {
    open.unregister(connection);
  }

  @Override
  public List<OpenConnection> connections() {
    return open.connections();
  }

  @Override
  public List<OpenConnection> connectionsOf(String addressKey) {
    return open.connectionsOf(addressKey);
  }

  /** Leases this node holds now (for tests and statistics). */
  public int held() {
    int n = 0;
    for (Set<HeldLease> leases : held.values()) {
      n += leases.size();
    }
    return n;
  }

  private Optional<Lease> fallback(String redisKey, String id, int limit) {
    return switch (state.failureMode()) {
      case OPEN -> Optional.of(hold(redisKey, id));
      case LOCAL, CLOSED -> {
        long share = state.share(limit);
        HeldLease lease = new HeldLease(redisKey, id);
        boolean[] granted = new boolean[1];
        held.compute(redisKey, (k, leases) -> {
          Set<HeldLease> set = leases != null ? leases : ConcurrentHashMap.newKeySet();
          granted[0] = set.size() < share;
          if (granted[0]) {
            set.add(lease);
          }
          return set.isEmpty() ? null : set;
        });
        yield granted[0] ? Optional.of(lease) : Optional.empty();
      }
    };
  }

  private HeldLease hold(String redisKey, String id) {
    HeldLease lease = new HeldLease(redisKey, id);
    held.compute(redisKey, (k, leases) -> {
      Set<HeldLease> set = leases != null ? leases : ConcurrentHashMap.newKeySet();
      set.add(lease);
      return set;
    });
    return lease;
  }

  private void release(HeldLease lease) {
    synchronized (order) {
      held.computeIfPresent(lease.redisKey, (k, leases) -> {
        leases.remove(lease);
        return leases.isEmpty() ? null : leases;
      });
      remove(lease.redisKey, List.of(lease.id));
    }
  }

  /** Sends {@code ZREM}; what fails is retried by the heartbeat (and lapses by itself meanwhile). */
  private void remove(String redisKey, List<String> ids) {
    state.guard().callAsync("lease release",
            () -> state.store().commands().zrem(redisKey, ids.toArray(String[]::new)))
        .whenComplete((removed, error) -> {
          if (error != null) {
            unreleased.computeIfAbsent(redisKey, k -> ConcurrentHashMap.newKeySet()).addAll(ids);
          }
        });
  }

  /** Pushes on the deadline of every lease this node holds, and writes back any Redis lost. */
  private void heartbeat() {
    if (state.degraded()) {
      return; // nothing would get through; the next heartbeat after Redis returns does it all
    }
    synchronized (order) {
      for (String redisKey : List.copyOf(unreleased.keySet())) {
        Set<String> ids = unreleased.remove(redisKey); // a failure below files them anew, for the next beat
        if (ids != null && !ids.isEmpty()) {
          remove(redisKey, List.copyOf(ids));
        }
      }
      for (Map.Entry<String, Set<HeldLease>> entry : held.entrySet()) {
        List<String> ids = new ArrayList<>();
        for (HeldLease lease : entry.getValue()) {
          ids.add(lease.id);
        }
        for (int from = 0; from < ids.size(); from += REFRESH_CHUNK) {
          refresh(entry.getKey(), ids.subList(from, Math.min(ids.size(), from + REFRESH_CHUNK)));
        }
      }
    }
  }

  private void refresh(String redisKey, List<String> ids) {
    String[] args = new String[ids.size() + 2];
    args[0] = state.scriptNow();
    args[1] = ttlMillis();
    for (int i = 0; i < ids.size(); i++) {
      args[i + 2] = ids.get(i);
    }
    state.guard().<Long>callAsync("lease heartbeat",
            () -> REFRESH.runIfLoaded(state.store().commands(), ScriptOutputType.INTEGER, new String[] {redisKey}, args))
        .whenComplete((n, error) -> {
          if (error != null) {
            LOG.debug("Lease heartbeat for one key failed: {}", error.getMessage());
          }
        });
  }

  private String ttlMillis() {
    return Long.toString(state.options().leaseTtl().toMillis());
  }

  /** One slot this node holds; the first {@link #release()} frees it. */
  private final class HeldLease implements Lease {
    final String redisKey;
    final String id;
    private final AtomicBoolean released = new AtomicBoolean();

    HeldLease(String redisKey, String id) {
      this.redisKey = redisKey;
      this.id = id;
    }

    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        LettuceConnectionRegistry.this.release(this);
      }
    }
  }
}
