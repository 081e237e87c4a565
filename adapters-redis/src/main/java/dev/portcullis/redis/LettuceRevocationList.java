package dev.portcullis.redis;

import dev.portcullis.core.memory.InMemoryRevocationList;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.Revocation;
import dev.portcullis.core.port.RevocationList;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RevocationList} shared by the fleet. Every node keeps a local mirror (an {@link
 * InMemoryRevocationList}), so {@link #isRevoked} costs no round trip, on a handshake or an IO thread. A
 * revocation is applied to the mirror and told to this node's watchers at once, then written to Redis by
 * one atomic script that also raises the list's version and announces it on a pub/sub channel; every
 * other node applies the announcement to its mirror and tells its watchers (which close the sockets it
 * covers there).
 *
 * <p>Redis keeps every revocation as its own entry, forgotten at its {@code until}; nodes merge the
 * entries of one token or subject into the widest ({@link Revocation#widenedBy}), which gives the same
 * answer whatever order they arrive in, so two operators revoking at once on two nodes never narrow each
 * other. Nothing is lost for long: every {@link RedisOptions#blockSync()} (and as soon as Redis is
 * reachable again) a node writes what it could not write yet, compares its version with Redis's and
 * reloads on a gap; when Redis's version is behind its own (Redis lost the list), it writes back every
 * revocation it knows. Known revocations stay enforced from the mirror in every failure mode. The pending
 * writes, the version, the announcements and the periodic check are a {@link VersionedMirror}'s, shared
 * with the block list. Thread-safe: the mirror is thread-safe; announcements, reloads and write
 * confirmations are applied on the node's one Redis thread.
 */
public final class LettuceRevocationList implements RevocationList {

  private static final Logger LOG = LoggerFactory.getLogger(LettuceRevocationList.class);
  private static final LuaScript WRITE = LuaScript.load("revoke");
  private static final LuaScript READ = LuaScript.load("revocations");

  private final RedisState state;
  private final InMemoryRevocationList mirror;
  /** Entries by entry id ({@code <node id>:<seq>}): Redis never merges them, the nodes do. */
  private final VersionedMirror<Revocation, Long> sync;
  private final AtomicLong entries = new AtomicLong();

  public LettuceRevocationList(RedisState state) {
    this.state = state;
    this.mirror = new InMemoryRevocationList(state.clock());
    this.sync = new VersionedMirror<>(state, "revocation", state.keys().revocationChannel(),
        new VersionedMirror.Replica<>() {
          @Override
          public CompletableFuture<Long> write(VersionedMirror.Pending<Revocation> entry) {
            return writing(entry);
          }

          @Override
          public void confirmed(VersionedMirror.Pending<Revocation> entry, Long version) {
            // nothing beyond no longer pending: the announcement carries the version
          }

          @Override
          public void check() {
            LettuceRevocationList.this.check();
          }

          @Override
          public void announced(String body) {
            decode(body).ifPresent(LettuceRevocationList.this::absorb);
          }
        });
    sync.start();
  }

  @Override
  public void revoke(Revocation revocation) {
    Revocation held = mirror.hold(revocation); // first: a full list refuses before anything is written
    sync.tell(held);
    sync.send(newEntry(revocation));
  }

  @Override
  public boolean isRevoked(Principal principal) {
    return mirror.isRevoked(principal);
  }

  @Override
  public List<Revocation> list() {
    return mirror.list();
  }

  @Override
  public void watch(RevocationListener listener) {
    sync.watch(listener::revoked);
  }

  private VersionedMirror.Pending<Revocation> newEntry(Revocation revocation) {
    return new VersionedMirror.Pending<>(state.nodeId() + ":" + entries.incrementAndGet(), revocation);
  }

  private CompletableFuture<Long> writing(VersionedMirror.Pending<Revocation> entry) {
    Keys keys = state.keys();
    Revocation revocation = entry.value();
    return WRITE.run(state.store().commands(), ScriptOutputType.INTEGER,
        new String[] {keys.revocationIndex(), keys.revocationBodies(), keys.revocationVersion()},
        Long.toString(state.clock().millis()),
        entry.id(),
        Long.toString(revocation.until().toEpochMilli()),
        encode(revocation),
        keys.revocationChannel(),
        state.nodeId());
  }

  /** Reloads on a gap; writes everything back when Redis's version is behind the mirror's (the list was lost). */
  private void check() {
    String raw = state.guard().call("revocation version",
        () -> state.store().commands().get(state.keys().revocationVersion()));
    long redisVersion = raw == null ? 0 : Long.parseLong(raw);
    if (redisVersion < sync.version()) {
      reassert();
    } else if (sync.reloadNeeded() || redisVersion != sync.version()) {
      reload();
    }
  }

  private void reload() {
    Keys keys = state.keys();
    List<Object> answer = state.run("revocation reload", READ, ScriptOutputType.MULTI,
        new String[] {keys.revocationIndex(), keys.revocationBodies(), keys.revocationVersion()},
        Long.toString(state.clock().millis()));
    for (int i = 1; i < answer.size(); i++) {
      decode((String) answer.get(i)).ifPresent(this::absorb);
    }
    sync.reloaded(((Number) answer.get(0)).longValue());
  }

  /** Redis lost the list (a restart without persistence): write back every live revocation this node knows. */
  private void reassert() {
    List<Revocation> known = mirror.list();
    for (Revocation revocation : known) {
      sync.send(newEntry(revocation));
    }
    sync.restart();
    LOG.warn("Redis lost the revocation list (it restarted or failed over); this node wrote back the {} "
        + "revocations it knows", known.size());
  }

  /** Merges a revocation learnt from Redis into the mirror; tells the watchers when it revoked more. */
  private void absorb(Revocation revocation) {
    Optional<Revocation> before = mirror.find(revocation.kind(), revocation.value());
    Revocation held;
    try {
      held = mirror.hold(revocation);
    } catch (IllegalStateException e) {
      LOG.error("A shared revocation could not be mirrored on this node: {}", e.getMessage());
      return;
    }
    if (before.isEmpty() || !before.get().equals(held)) {
      sync.tell(held);
    }
  }

  /**
   * {@code kind \n until \n since \n issuedBefore-or-dash \n value-length \n value reason}, instants exact
   * to the nanosecond; the value and the reason go last, as they may hold anything.
   */
  static String encode(Revocation revocation) {
    return revocation.kind().name() + "\n" + revocation.until() + "\n" + revocation.since() + "\n"
        + (revocation.issuedBefore() == null ? "-" : revocation.issuedBefore().toString()) + "\n"
        + revocation.value().length() + "\n" + revocation.value() + revocation.reason();
  }

  static Optional<Revocation> decode(String body) {
    String[] parts = body.split("\n", 6);
    if (parts.length < 6) {
      return Optional.empty();
    }
    try {
      Revocation.Kind kind = Revocation.Kind.valueOf(parts[0]);
      int length = Integer.parseInt(parts[4]);
      String rest = parts[5];
      if (length < 1 || length > rest.length()) {
        return Optional.empty();
      }
      Instant issuedBefore = "-".equals(parts[3]) ? null : Instant.parse(parts[3]);
      return Optional.of(new Revocation(kind, rest.substring(0, length), issuedBefore, rest.substring(length),
          Instant.parse(parts[2]), Instant.parse(parts[1])));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
