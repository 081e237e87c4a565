package dev.portcullis.redis;

import dev.portcullis.core.memory.InMemoryBlockList;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlockListPort} shared by the fleet: addresses, ranges and subjects. Every node keeps a local
 * mirror of the whole list (an {@link InMemoryBlockList}, which indexes ranges by prefix length), so the
 * handshake's block checks ({@link #findCovering}, {@link #find}) cost no round trip. A change is applied to the mirror at
 * once, then written to Redis by one atomic script that also raises the list's version and announces
 * the change on a pub/sub channel; every other node applies the announcement to its mirror and tells
 * its watchers (which close that address's sockets there) within milliseconds.
 *
 * <p>Nothing is lost for long: every {@link RedisOptions#blockSync()} a node compares its version with
 * Redis's and reloads the list when it missed an announcement (a dropped message, a reconnection);
 * changes made while Redis was out of reach are kept and written when it returns; and when Redis lost
 * the list (a restart without persistence: its epoch changed) the nodes write back the blocks they
 * still know. Known blocks stay enforced from the mirror in every failure mode. The pending writes, the
 * version, the announcements and the periodic check are a {@link VersionedMirror}'s; this class holds
 * what is particular to blocks (one entry per address, lifts, the epoch). Thread-safe: the mirror is
 * thread-safe, and announcements, reloads and write confirmations are applied on the node's one Redis
 * thread, in order.
 */
public final class LettuceBlockList implements BlockListPort {

  private static final Logger LOG = LoggerFactory.getLogger(LettuceBlockList.class);
  private static final LuaScript WRITE = LuaScript.load("block");
  private static final LuaScript READ = LuaScript.load("blocks");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RedisState state;
  private final InMemoryBlockList mirror;
  /** Changes by address key; a block carries its {@link Block}, a lift {@code null}. */
  private final VersionedMirror<Block, List<Object>> sync;
  private final String epochCandidate;
  // Touched only on the Redis thread.
  private String epoch;

  /** A list for nodes that key IPv6 clients by /64, the contract's default. */
  public LettuceBlockList(RedisState state) {
    this(state, 64);
  }

  /**
   * @param ipv6PrefixLength the node's {@code WS_IPV6_PREFIX_LENGTH}, which tells client prefix blocks
   *                         from range blocks in the mirror (see {@link InMemoryBlockList})
   */
  public LettuceBlockList(RedisState state, int ipv6PrefixLength) {
    this.state = state;
    this.mirror = new InMemoryBlockList(state.clock(), ipv6PrefixLength, InMemoryBlockList.Caps.DEFAULTS);
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    this.epochCandidate = HexFormat.of().formatHex(bytes);
    this.sync = new VersionedMirror<>(state, "block-list", state.keys().blockChannel(), new VersionedMirror.Replica<>() {
      @Override
      public CompletableFuture<List<Object>> write(VersionedMirror.Pending<Block> change) {
        return writing(change);
      }

      @Override
      public void confirmed(VersionedMirror.Pending<Block> change, List<Object> answer) {
        LettuceBlockList.this.confirmed(answer);
      }

      @Override
      public void check() {
        LettuceBlockList.this.check();
      }

      @Override
      public void announced(String change) {
        LettuceBlockList.this.announced(change);
      }
    });
    sync.start();
  }

  @Override
  public Optional<Block> find(String addressKey) {
    return mirror.find(addressKey);
  }

  @Override
  public Optional<Block> findCovering(ClientAddress client) {
    return mirror.findCovering(client);
  }

  @Override
  public void block(Block block) {
    Block held = mirror.canonical(block); // refuses a key that is no address, range or subject
    VersionedMirror.Pending<Block> change = new VersionedMirror.Pending<>(held.addressKey(), held);
    sync.hold(change); // first, so a reload never undoes what the mirror is about to hold
    try {
      mirror.block(held);
    } catch (IllegalStateException e) {
      sync.drop(change); // the mirror is full of ranges or subjects: nothing changed
      throw e;
    }
    sync.tell(held);
    sync.write(change);
  }

  @Override
  public boolean lift(String addressKey) {
    Optional<String> key = mirror.canonicalKey(addressKey);
    if (key.isEmpty()) {
      return false;
    }
    return liftCanonical(key.get());
  }

  private boolean liftCanonical(String addressKey) {
    VersionedMirror.Pending<Block> change = new VersionedMirror.Pending<>(addressKey, null);
    sync.hold(change);
    boolean known = mirror.lift(addressKey);
    try {
      boolean lifted = number(sync.writeNow("block-list lift", change), 0) == 1; // written whatever the mirror knew
      return known || lifted;
    } catch (RedisUnavailableException e) {
      return known; // held: written once Redis answers
    }
  }

  @Override
  public List<Block> list() {
    return mirror.list();
  }

  @Override
  public void watch(BlockListener listener) {
    sync.watch(listener::blocked);
  }

  /** Blocks this node knows, expired ones not yet cleaned up included (for tests and statistics). */
  public long mirrored() {
    return mirror.size();
  }

  private CompletableFuture<List<Object>> writing(VersionedMirror.Pending<Block> change) {
    Keys keys = state.keys();
    Block block = change.value();
    return WRITE.run(state.store().commands(), ScriptOutputType.MULTI,
        new String[] {keys.blockIndex(), keys.blockBodies(), keys.blockVersion(), keys.blockEpoch()},
        block == null ? "L" : "B",
        Long.toString(state.clock().millis()),
        change.id(),
        block == null ? "0" : Long.toString(block.until().toEpochMilli()),
        block == null ? "" : encode(block),
        keys.blockChannel(),
        state.nodeId(),
        epochCandidate);
  }

  /** A write's answer names the list's epoch: a different one means this write started a new list. */
  private void confirmed(List<Object> answer) {
    String written = (String) answer.get(2);
    if (epoch == null) {
      epoch = written;
    } else if (!epoch.equals(written)) {
      sync.needReload(); // Redis lost the old list
    }
  }

  /** Reloads when a change was missed, or when Redis's epoch says the list was lost. */
  private void check() {
    Keys keys = state.keys();
    List<KeyValue<String, String>> marks = state.guard().call("block-list version",
        () -> state.store().commands().mget(keys.blockVersion(), keys.blockEpoch()));
    long redisVersion = Long.parseLong(marks.get(0).getValueOrElse("0"));
    String redisEpoch = marks.get(1).getValueOrElse("");
    if (sync.reloadNeeded() || redisVersion != sync.version() || !redisEpoch.equals(epoch == null ? "" : epoch)) {
      reload();
    }
  }

  private void reload() {
    Keys keys = state.keys();
    List<Object> answer = state.run("block-list reload", READ, ScriptOutputType.MULTI,
        new String[] {keys.blockIndex(), keys.blockBodies(), keys.blockVersion(), keys.blockEpoch()},
        Long.toString(state.clock().millis()));
    String redisEpoch = (String) answer.get(0);
    long redisVersion = number(answer, 1);
    Map<String, Block> fresh = new HashMap<>();
    for (int i = 2; i + 1 < answer.size(); i += 2) {
      String address = (String) answer.get(i);
      decode(address, (String) answer.get(i + 1)).ifPresent(b -> fresh.put(address, b));
    }
    if (epoch != null && !epoch.equals(redisEpoch)) {
      reassert(fresh);
      epoch = null; // the next check reloads what the fleet wrote back
      sync.needReload();
      return;
    }
    for (Block known : mirror.list()) {
      if (!fresh.containsKey(known.addressKey()) && !sync.pending(known.addressKey())) {
        mirror.lift(known.addressKey());
      }
    }
    for (Block block : fresh.values()) {
      if (sync.pending(block.addressKey())) {
        continue;
      }
      Optional<Block> before = mirror.find(block.addressKey());
      if ((before.isEmpty() || !before.get().equals(block)) && mirrored(block)
          && (before.isEmpty() || block.until().isAfter(before.get().until()))) {
        sync.tell(block);
      }
    }
    epoch = redisEpoch.isEmpty() ? null : redisEpoch;
    sync.reloaded(redisVersion);
  }

  /** Redis lost the list: write back every live block this node knows that Redis no longer has. */
  private void reassert(Map<String, Block> fresh) {
    int written = 0;
    for (Block block : mirror.list()) {
      if (!fresh.containsKey(block.addressKey()) && !sync.pending(block.addressKey())) {
        sync.send(new VersionedMirror.Pending<>(block.addressKey(), block));
        written++;
      }
    }
    LOG.warn("Redis lost the block list (it restarted or failed over); this node wrote back the {} blocks it knows",
        written);
  }

  /** Another node's change: {@code op \n address \n body}. */
  private void announced(String change) {
    String[] parts = change.split("\n", 3);
    if (parts.length < 2) {
      LOG.warn("Ignored a malformed block-list announcement");
      sync.needReload();
      return;
    }
    String address = parts[1];
    if (sync.pending(address)) {
      sync.needReload(); // a local change races it: let Redis's order decide at the next check
      return;
    }
    if ("B".equals(parts[0])) {
      decode(address, parts.length > 2 ? parts[2] : "").ifPresent(block -> {
        Optional<Block> before = mirror.find(address);
        if (mirrored(block) && (before.isEmpty() || block.until().isAfter(before.get().until()))) {
          sync.tell(block);
        }
      });
    } else {
      mirror.lift(address);
    }
  }

  /** Puts a block learnt from Redis into the mirror; false when the mirror cannot hold it. */
  private boolean mirrored(Block block) {
    try {
      mirror.block(block);
      return true;
    } catch (IllegalArgumentException | IllegalStateException e) {
      LOG.error("A shared block could not be mirrored on this node: {}", e.getMessage());
      return false;
    }
  }

  /** {@code until \n since \n reason}, instants exact to the nanosecond; the reason goes last, since it may hold anything. */
  static String encode(Block block) {
    return block.until() + "\n" + block.since() + "\n" + block.reason();
  }

  static Optional<Block> decode(String address, String body) {
    String[] parts = body.split("\n", 3);
    if (parts.length < 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Block(address, parts[2], Instant.parse(parts[1]), Instant.parse(parts[0])));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static long number(List<Object> answer, int index) {
    return ((Number) answer.get(index)).longValue();
  }
}
