package dev.portcullis.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a fleet-wide list that every node mirrors needs to stay in step with Redis, whatever the list
 * holds: local changes kept until Redis confirms them and written again once it answers; a version that
 * every change raises and announces on a pub/sub channel ({@code version \n origin node \n change}), so a
 * node applies other nodes' changes and notices one it missed; a periodic check (every
 * {@link RedisOptions#blockSync()}, and as soon as Redis is reachable again) that writes what is unwritten
 * and lets the list compare its marks and reload; and the fan-out to watchers. {@link LettuceBlockList}
 * and {@link LettuceRevocationList} are the two lists; what differs between them (the scripts, the
 * encoding, how a lost list is detected) is their {@link Replica}.
 *
 * <p>Thread-safe. The version and the reload flag are touched only on the node's one Redis thread, where
 * announcements, checks and write confirmations run, in order; a list's reload runs there too, so a
 * confirmation never lands in the middle of one.
 *
 * @param <T> what one change carries (a block, a revocation); {@code null} is allowed (a lift)
 * @param <A> what the list's write script answers
 */
final class VersionedMirror<T, A> {

  private static final Logger LOG = LoggerFactory.getLogger(VersionedMirror.class);

  /** The part of a mirrored list that knows what it holds. */
  interface Replica<T, A> {

    /** Runs the list's write script for {@code change}; called through the guard. */
    CompletableFuture<A> write(Pending<T> change);

    /** Redis confirmed {@code change} (no longer pending); on the Redis thread. */
    void confirmed(Pending<T> change, A answer);

    /** Compares the list's marks in Redis with the mirror's, and reloads or writes back; on the Redis thread. */
    void check();

    /** Applies a change another node announced (its text, without version and origin); on the Redis thread. */
    void announced(String change);
  }

  /** A local change on its way to Redis, under the id that a newer change of the same thing replaces. */
  static final class Pending<T> {
    private final String id;
    private final T value;
    private final AtomicBoolean writing = new AtomicBoolean();

    Pending(String id, T value) {
      this.id = id;
      this.value = value;
    }

    String id() {
      return id;
    }

    T value() {
      return value;
    }
  }

  private final RedisState state;
  private final String name;
  private final String channel;
  private final Replica<T, A> replica;
  private final Map<String, Pending<T>> pending = new ConcurrentHashMap<>();
  private final List<Consumer<T>> watchers = new CopyOnWriteArrayList<>();
  // Touched only on the Redis thread.
  private long version;
  private boolean reloadNeeded = true;

  /**
   * @param name    the list, for operations and log lines ({@code "block-list"})
   * @param channel where its changes are announced
   */
  VersionedMirror(RedisState state, String name, String channel, Replica<T, A> replica) {
    this.state = state;
    this.name = name;
    this.channel = channel;
    this.replica = replica;
  }

  /**
   * Subscribes to the channel and schedules the checks. Separate from construction because the first
   * check may run at once, on another thread, and must find the list's fields set.
   */
  void start() {
    state.store().subscribe(channel, message -> state.soon(() -> announced(message)));
    state.guard().onChange(available -> {
      if (available) {
        state.soon(this::sync);
      }
    });
    state.every(state.options().blockSync(), name + " sync", this::sync);
  }

  /** Keeps {@code change} as pending without writing it yet: a reload will not undo it meanwhile. */
  void hold(Pending<T> change) {
    pending.put(change.id, change);
  }

  /** Forgets {@code change} if it is still the pending one of its id (it was never applied). */
  void drop(Pending<T> change) {
    pending.remove(change.id, change);
  }

  /** Whether a local change of {@code id} waits for Redis: it wins over what Redis says meanwhile. */
  boolean pending(String id) {
    return pending.containsKey(id);
  }

  /** Holds {@code change} and writes it without waiting. */
  void send(Pending<T> change) {
    hold(change);
    write(change);
  }

  /** Writes a held change without waiting; a failure leaves it held, for the next check to write. */
  void write(Pending<T> change) {
    state.guard().callAsync(name + " write", () -> writing(change)).whenComplete((answer, error) -> {
      if (error == null) {
        confirm(change, answer);
      } else {
        change.writing.set(false);
        LOG.debug("{} change {} not written yet: {}", name, change.id, error.getMessage());
      }
    });
  }

  /**
   * Writes a held change and waits for Redis's answer, at most the time limit.
   *
   * @throws RedisUnavailableException when Redis did not answer; the change stays held
   */
  A writeNow(String operation, Pending<T> change) {
    try {
      A answer = state.guard().call(operation, () -> writing(change));
      confirm(change, answer);
      return answer;
    } catch (RedisUnavailableException e) {
      change.writing.set(false);
      throw e;
    }
  }

  /** Calls {@code watcher} with every change of the list, local or learnt from the fleet. */
  void watch(Consumer<T> watcher) {
    watchers.add(watcher);
  }

  /** Tells every watcher; one that fails is logged and does not keep the others from hearing. */
  void tell(T value) {
    for (Consumer<T> watcher : watchers) {
      try {
        watcher.accept(value);
      } catch (RuntimeException e) {
        LOG.error("A {} listener failed", name, e);
      }
    }
  }

  /** The version of Redis's list the mirror holds; on the Redis thread. */
  long version() {
    return version;
  }

  /** Whether the next check must reload whatever the versions say; on the Redis thread. */
  boolean reloadNeeded() {
    return reloadNeeded;
  }

  /** Makes the next check reload; on the Redis thread. */
  void needReload() {
    reloadNeeded = true;
  }

  /** The mirror now holds Redis's list at {@code redisVersion}; on the Redis thread. */
  void reloaded(long redisVersion) {
    version = redisVersion;
    reloadNeeded = false;
  }

  /** Redis lost the list: forget its version and reload once the write-back is in; on the Redis thread. */
  void restart() {
    version = 0;
    reloadNeeded = true;
  }

  private CompletableFuture<A> writing(Pending<T> change) {
    change.writing.set(true);
    return replica.write(change);
  }

  /** On the Redis thread, so never in the middle of a reload. */
  private void confirm(Pending<T> change, A answer) {
    state.soon(() -> {
      pending.remove(change.id, change);
      replica.confirmed(change, answer);
    });
  }

  /** The periodic check: write what is unwritten, then let the list compare and reload. */
  private void sync() {
    for (Pending<T> change : pending.values()) {
      if (!change.writing.get()) {
        write(change);
      }
    }
    replica.check();
  }

  /** One announcement: {@code version \n origin \n change}. */
  private void announced(String message) {
    String[] parts = message.split("\n", 3);
    long announced;
    try {
      announced = parts.length < 3 ? -1 : Long.parseLong(parts[0]);
    } catch (NumberFormatException e) {
      announced = -1;
    }
    if (announced < 0) {
      LOG.warn("Ignored a malformed {} announcement", name);
      reloadNeeded = true;
      return;
    }
    if (announced <= version) {
      return; // already part of a reload
    }
    if (announced != version + 1) {
      reloadNeeded = true; // missed one or more: the next check reloads
    }
    version = announced;
    if (!parts[1].equals(state.nodeId())) {
      replica.announced(parts[2]); // a node's own change was applied when it was made
    }
  }
}
