package dev.portcullis.core.memory;

import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.OpenConnection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link ConnectionRegistry} on one node. A counter exists only while a lease holds it (it is removed
 * when it falls to zero), so the maps are bounded by the open connections, themselves bounded by
 * {@code WS_MAX_CONNECTIONS_TOTAL}. Thread-safe: each lease and release is atomic per key.
 */
public final class InMemoryConnectionRegistry implements ConnectionRegistry {

  private static final String TOTAL_KEY = "";
  private final Map<LeaseScope, ConcurrentHashMap<String, Long>> counts = new EnumMap<>(LeaseScope.class);
  private final ConcurrentHashMap<String, OpenConnection> open = new ConcurrentHashMap<>();

  public InMemoryConnectionRegistry() {
    for (LeaseScope scope : LeaseScope.values()) {
      counts.put(scope, new ConcurrentHashMap<>());
    }
  }

  @Override
  public Optional<Lease> tryLease(LeaseScope scope, String key, int limit) {
    String k = scope == LeaseScope.TOTAL ? TOTAL_KEY : key;
    ConcurrentHashMap<String, Long> map = counts.get(scope);
    boolean[] granted = new boolean[1];
    map.compute(k, (ignored, n) -> {
      long held = n == null ? 0 : n;
      granted[0] = held < limit;
      long next = granted[0] ? held + 1 : held;
      return next == 0 ? null : next;
    });
    return granted[0] ? Optional.of(new CountedLease(map, k)) : Optional.empty();
  }

  @Override
  public long leased(LeaseScope scope, String key) {
    Long n = counts.get(scope).get(scope == LeaseScope.TOTAL ? TOTAL_KEY : key);
    return n == null ? 0 : n;
  }

  @Override
  public void register(OpenConnection connection) {
    open.put(connection.id(), connection);
  }

  @Override
  public void unregister(OpenConnection connection) {
    open.remove(connection.id(), connection);
  }

  @Override
  public List<OpenConnection> connections() {
    return List.copyOf(open.values());
  }

  @Override
  public List<OpenConnection> connectionsOf(String addressKey) {
    List<OpenConnection> matching = new ArrayList<>();
    for (OpenConnection c : open.values()) {
      if (c.client().key().equals(addressKey)) {
        matching.add(c);
      }
    }
    return matching;
  }

  private static final class CountedLease implements Lease {
    private final ConcurrentHashMap<String, Long> map;
    private final String key;
    private final AtomicBoolean released = new AtomicBoolean();

    CountedLease(ConcurrentHashMap<String, Long> map, String key) {
      this.map = map;
      this.key = key;
    }

    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        map.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
      }
    }
  }
}
