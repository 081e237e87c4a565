package dev.portcullis.redis;

import dev.portcullis.core.memory.InMemoryConnectionRegistry;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.NodeConnections;
import dev.portcullis.core.port.OpenConnection;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * only: a socket can only be closed where it lives. So a {@link #kick} of a connection this node does not
 * hold is published on a channel every node listens to; the holder closes it and answers on the same
 * channel, and the kicking node waits {@link #KICK_WAIT} at most for that answer. The same heartbeat
 * reports the node's count of open connections beside the live-node list, which {@link #nodes()} reads:
 * the fleet view of the admin statistics.
 *
 * <p>While Redis is out of reach, {@code local} and {@code closed} lease on this node's own count, up
 * to its share of the limit; {@code open} grants every lease. Thread-safe.
 */
public final class LettuceConnectionRegistry implements ConnectionRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(LettuceConnectionRegistry.class);
  private static final LuaScript LEASE = LuaScript.load("lease", "window", "slots");
  private static final LuaScript LEASED = LuaScript.load("leased");
  private static final LuaScript REFRESH = LuaScript.load("refresh");
  private static final LuaScript FLEET = LuaScript.load("fleet");
  private static final int REFRESH_CHUNK = 500;
  /** How long a kick waits for the node holding the connection to say it closed it. */
  static final Duration KICK_WAIT = Duration.ofSeconds(1);
  /** Kicks waiting for an answer at once; more are refused (an operator does not kick thousands at once). */
  static final int MAX_PENDING_KICKS = 256;

  private final RedisState state;
  private final InMemoryConnectionRegistry open = new InMemoryConnectionRegistry();
  /** The leases this node holds, by Redis key. */
  private final Map<String, Set<HeldLease>> held = new ConcurrentHashMap<>();
  /** Released leases whose removal has not reached Redis yet, by Redis key. */
  private final Map<String, Set<String>> unreleased = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  /** Orders releases against the heartbeat, so a heartbeat never writes back a lease just released. */
  private final Object order = new Object();
  /** Kicks this node published and waits on, by request number. */
  private final Map<Long, CompletableFuture<Boolean>> kicks = new ConcurrentHashMap<>();
  private final AtomicLong kickSequence = new AtomicLong();

  public LettuceConnectionRegistry(RedisState state) {
    this.state = state;
    state.store().subscribe(state.keys().kickChannel(), message -> state.soon(() -> onKickMessage(message)));
    state.every(state.options().heartbeat(), "lease heartbeat", this::heartbeat);
  }

  @Override
  public Optional<Lease> tryLease(LeaseScope scope, String key, int limit) {
    String redisKey = state.keys().lease(scope, key);
    String id = newLeaseId();
    try {
      List<Object> answer = state.run("lease", LEASE, ScriptOutputType.MULTI, new String[] {redisKey},
          state.scriptNow(), Integer.toString(limit), id, ttlMillis());
      return ((Number) answer.get(0)).longValue() == 1 ? Optional.of(hold(redisKey, id)) : Optional.empty();
    } catch (RedisUnavailableException e) {
      // The script may still run late: a granted lease keeps this id, so the heartbeat or its release
      // settles it; a refused one is forgotten, so the slot the late script takes is freed.
      Optional<Lease> lease = fallback(redisKey, id, limit);
      if (lease.isEmpty() && e.mayRunLate()) {
        forget(redisKey, id);
      }
      return lease;
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

  @Override
  public boolean kick(String id, int code, String reason) {
    if (reason.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a close reason is one line");
    }
    for (OpenConnection connection : open.connections()) {
      if (connection.id().equals(id)) {
        connection.close(code, reason);
        return true;
      }
    }
    if (kicks.size() >= MAX_PENDING_KICKS) {
      return false;
    }
    long request = kickSequence.incrementAndGet();
    CompletableFuture<Boolean> answered = new CompletableFuture<>();
    kicks.put(request, answered);
    try {
      String message = KickMessage.kick(state.nodeId(), request, code, reason, id);
      state.guard().call("kick", () -> state.store().commands().publish(state.keys().kickChannel(), message));
      return answered.get(KICK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RedisUnavailableException | TimeoutException e) {
      return false; // no node answered: none holds it, or none can be reached
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a kick's answer cannot fail", e);
    } finally {
      kicks.remove(request);
    }
  }

  @Override
  public List<NodeConnections> nodes() {
    try {
      List<Object> answer = state.run("fleet connections", FLEET, ScriptOutputType.MULTI,
          new String[] {state.keys().nodes(), state.keys().nodeConnections()}, state.scriptNow(), state.nodeId(), "-1",
          ttlMillis());
      List<NodeConnections> nodes = new ArrayList<>();
      for (int i = 0; i + 1 < answer.size(); i += 2) {
        String node = (String) answer.get(i);
        nodes.add(new NodeConnections(node, ((Number) answer.get(i + 1)).longValue(), node.equals(state.nodeId())));
      }
      return nodes;
    } catch (RedisUnavailableException e) {
      return List.of(new NodeConnections(state.nodeId(), open.connections().size(), true));
    }
  }

  /** A kick from another node (close the connection if it is here, and say so), or the answer to one of ours. */
  private void onKickMessage(String raw) {
    KickMessage message = KickMessage.parse(raw);
    if (message == null) {
      LOG.debug("Ignoring a malformed kick message");
      return;
    }
    if (message.answer()) {
      if (message.origin().equals(state.nodeId())) {
        CompletableFuture<Boolean> waiting = kicks.get(message.request());
        if (waiting != null) {
          waiting.complete(true);
        }
      }
      return;
    }
    for (OpenConnection connection : open.connections()) {
      if (connection.id().equals(message.connection())) {
        connection.close(message.code(), message.reason());
        String answer = KickMessage.answer(message.origin(), message.request());
        state.guard().callAsync("kick answer",
            () -> state.store().commands().publish(state.keys().kickChannel(), answer));
        return;
      }
    }
  }

  /** Leases this node holds now (for tests and statistics). */
  public int held() {
    int n = 0;
    for (Set<HeldLease> leases : held.values()) {
      n += leases.size();
    }
    return n;
  }

  /** A lease id unique in the fleet: this node's id and a sequence number. */
  String newLeaseId() {
    return state.nodeId() + ":" + sequence.incrementAndGet();
  }

  /**
   * The lease while Redis is out of reach, as the failure mode says. It keeps {@code id}: should the
   * script that failed still run late, the heartbeat or the lease's release settles it.
   */
  Optional<Lease> fallback(String redisKey, String id, int limit) {
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

  /**
   * Removes lease {@code id} from Redis with the next heartbeat: a lease this node does not hold, which a
   * script that timed out may still take when it runs late (it would count until its deadline, a whole
   * lease ttl, for a connection that does not exist). Only calls that went out file ids here, and the
   * breaker opens at the first time-out, so this stays as small as the calls in flight at that moment.
   */
  void forget(String redisKey, String id) {
    synchronized (order) {
      unreleased.computeIfAbsent(redisKey, k -> ConcurrentHashMap.newKeySet()).add(id);
    }
  }

  /** Keeps a lease Redis granted: this node now refreshes it and releases it when the connection ends. */
  Lease hold(String redisKey, String id) {
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
    String count = Integer.toString(open.connections().size());
    state.guard().callAsync("fleet connections", () -> FLEET.run(state.store().commands(), ScriptOutputType.MULTI,
            new String[] {state.keys().nodes(), state.keys().nodeConnections()}, state.scriptNow(), state.nodeId(), count,
            ttlMillis()))
        .whenComplete((answer, error) -> {
          if (error != null) {
            LOG.debug("Reporting this node's connections failed: {}", error.getMessage());
          }
        });
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
