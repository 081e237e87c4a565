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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * still know. Known blocks stay enforced from the mirror in every failure mode. Thread-safe: the mirror
 * is thread-safe, and announcements, reloads and write confirmations are applied on the node's one
 * Redis thread, in order.
 */
public final class LettuceBlockList implements BlockListPort {

  private static final Logger LOG = LoggerFactory.getLogger(LettuceBlockList.class);
  private static final LuaScript WRITE = LuaScript.load("block");
  private static final LuaScript READ = LuaScript.load("blocks");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RedisState state;
  private final InMemoryBlockList mirror;
  private final List<BlockListener> listeners = new CopyOnWriteArrayList<>();
  /** Local changes Redis has not confirmed yet, by address: they win over what Redis says meanwhile. */
  private final Map<String, Change> unsynced = new ConcurrentHashMap<>();
  private final String epochCandidate;
  // Touched only on the Redis thread.
  private long version;
  private String epoch;
  private boolean reloadNeeded = true;

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
    state.store().subscribe(state.keys().blockChannel(), message -> state.soon(() -> announced(message)));
    state.guard().onChange(available -> {
      if (available) {
        state.soon(this::sync);
      }
    });
    state.every(state.options().blockSync(), "block-list sync", this::sync);
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
    Change change = new Change(held.addressKey(), held);
    unsynced.put(held.addressKey(), change); // first, so a reload never undoes what the mirror is about to hold
    try {
      mirror.block(held);
    } catch (IllegalStateException e) {
      unsynced.remove(held.addressKey(), change); // the mirror is full of ranges or subjects: nothing changed
      throw e;
    }
    tell(held);
    write(change);
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
    Change change = new Change(addressKey, null);
    unsynced.put(addressKey, change);
    boolean known = mirror.lift(addressKey);
    try {
      List<Object> answer = state.guard().call("block-list lift", () -> writing(change));
      confirmed(change, answer);
      return known || number(answer, 0) == 1;
    } catch (RedisUnavailableException e) {
      change.writing.set(false);
      return known;
    }
  }

  @Override
  public List<Block> list() {
    return mirror.list();
  }

  @Override
  public void watch(BlockListener listener) {
    listeners.add(listener);
  }

  /** Blocks this node knows, expired ones not yet cleaned up included (for tests and statistics). */
  public long mirrored() {
    return mirror.size();
  }

  private void write(Change change) {
    state.guard().<List<Object>>callAsync("block-list write", () -> writing(change)).whenComplete((answer, error) -> {
      if (error == null) {
        confirmed(change, answer);
      } else {
        change.writing.set(false); // kept in unsynced: written again once Redis answers
        LOG.debug("Block-list change for {} not written yet: {}", change.address, error.getMessage());
      }
    });
  }

  private CompletableFuture<List<Object>> writing(Change change) {
    change.writing.set(true);
    Keys keys = state.keys();
    Block block = change.block;
    return WRITE.run(state.store().commands(), ScriptOutputType.MULTI,
        new String[] {keys.blockIndex(), keys.blockBodies(), keys.blockVersion(), keys.blockEpoch()},
        block == null ? "L" : "B",
        Long.toString(state.clock().millis()),
        change.address,
        block == null ? "0" : Long.toString(block.until().toEpochMilli()),
        block == null ? "" : encode(block),
        keys.blockChannel(),
        state.nodeId(),
        epochCandidate);
  }

  /** On the Redis thread, so never in the middle of a reload. */
  private void confirmed(Change change, List<Object> answer) {
    String written = (String) answer.get(2);
    state.soon(() -> {
      unsynced.remove(change.address, change);
      if (epoch == null) {
        epoch = written;
      } else if (!epoch.equals(written)) {
        reloadNeeded = true; // this write started a new list: Redis lost the old one
      }
    });
  }

  /** The periodic check: write what is unwritten, then reload if anything was missed. */
  private void sync() {
    for (Change change : unsynced.values()) {
      if (!change.writing.get()) {
        write(change);
      }
    }
    Keys keys = state.keys();
    List<KeyValue<String, String>> marks = state.guard().call("block-list version",
        () -> state.store().commands().mget(keys.blockVersion(), keys.blockEpoch()));
    long redisVersion = Long.parseLong(marks.get(0).getValueOrElse("0"));
    String redisEpoch = marks.get(1).getValueOrElse("");
    if (reloadNeeded || redisVersion != version || !redisEpoch.equals(epoch == null ? "" : epoch)) {
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
      epoch = null; // the next sync reloads what the fleet wrote back
      reloadNeeded = true;
      return;
    }
    for (Block known : mirror.list()) {
      if (!fresh.containsKey(known.addressKey()) && !unsynced.containsKey(known.addressKey())) {
        mirror.lift(known.addressKey());
      }
    }
    for (Block block : fresh.values()) {
      if (unsynced.containsKey(block.addressKey())) {
        continue;
      }
      Optional<Block> before = mirror.find(block.addressKey());
      if ((before.isEmpty() || !before.get().equals(block)) && mirrored(block)
          && (before.isEmpty() || block.until().isAfter(before.get().until()))) {
        tell(block);
      }
    }
    epoch = redisEpoch.isEmpty() ? null : redisEpoch;
    version = redisVersion;
    reloadNeeded = false;
  }

  /** Redis lost the list: write back every live block this node knows that Redis no longer has. */
  private void reassert(Map<String, Block> fresh) {
    List<Block> known = mirror.list();
    int written = 0;
    for (Block block : known) {
      if (!fresh.containsKey(block.addressKey()) && !unsynced.containsKey(block.addressKey())) {
        Change change = new Change(block.addressKey(), block);
        unsynced.put(block.addressKey(), change);
        write(change);
        written++;
      }
    }
    LOG.warn("Redis lost the block list (it restarted or failed over); this node wrote back the {} blocks it knows",
        written);
  }

  /** One announcement: {@code version \n origin \n op \n address \n body}. */
  private void announced(String message) {
    String[] parts = message.split("\n", 5);
    if (parts.length < 4) {
      LOG.warn("Ignored a malformed block-list announcement");
      return;
    }
    long announcedVersion = Long.parseLong(parts[0]);
    if (announcedVersion <= version) {
      return; // already part of a reload
    }
    if (announcedVersion != version + 1) {
      reloadNeeded = true; // missed one or more: the next sync reloads
    }
    version = announcedVersion;
    if (parts[1].equals(state.nodeId())) {
      return; // this node's own change, applied when it was made
    }
    String address = parts[3];
    if (unsynced.containsKey(address)) {
      reloadNeeded = true; // a local change races it: let Redis's order decide at the next sync
      return;
    }
    if ("B".equals(parts[2])) {
      decode(address, parts.length > 4 ? parts[4] : "").ifPresent(block -> {
        Optional<Block> before = mirror.find(address);
        if (mirrored(block) && (before.isEmpty() || block.until().isAfter(before.get().until()))) {
          tell(block);
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

  private void tell(Block block) {
    for (BlockListener listener : listeners) {
      try {
        listener.blocked(block);
      } catch (RuntimeException e) {
        LOG.error("A block listener failed", e);
      }
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

  /** A local change on its way to Redis; {@code block} is null for a lift. */
  private static final class Change {
    final String address;
    final Block block;
    final AtomicBoolean writing = new AtomicBoolean();

    Change(String address, Block block) {
      this.address = address;
      this.block = block;
    }
  }
}
