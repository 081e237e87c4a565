package dev.portcullis.core.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portcullis.core.model.Cidr;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlockListPort} on one node, in three bounded structures, each forgetting a block by itself at
 * its {@code until}:
 *
 * <ul>
 *   <li><b>addresses</b>: client address keys (an IPv4 address, an IPv6 prefix of the node's
 *       {@code WS_IPV6_PREFIX_LENGTH}), mostly automatic blocks. Bounded by entry count with eviction:
 *       a flood that gets a million addresses blocked costs a fixed amount of heap.</li>
 *   <li><b>ranges</b>: every other CIDR (and a single IPv6 address), kept by prefix length, so that
 *       {@link #findCovering} costs one hash lookup per prefix length in use, not one test per range.</li>
 *   <li><b>subjects</b>: {@link Block#subjectKey(String)} keys.</li>
 * </ul>
 *
 * <p>Ranges and subjects are made by operators. A flood of automatic blocks must never evict them, and
 * evicting one would let its target back in, so each has its own cap and a full one refuses a new block
 * ({@link IllegalStateException}) rather than dropping an old one. Thread-safe: lookups take no lock;
 * changes to ranges and subjects (operator actions, rare) are serialised.
 */
public final class InMemoryBlockList implements BlockListPort {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryBlockList.class);
  private static final int[] NONE = new int[0];
  /** The default cap on client address blocks. */
  public static final long DEFAULT_MAX_BLOCKS = 100_000;

  /**
   * Caps on the blocks held.
   *
   * @param addresses client address blocks; past it the least useful are evicted
   * @param ranges    CIDR blocks; past it a new one is refused
   * @param subjects  subject blocks; past it a new one is refused
   */
  public record Caps(long addresses, long ranges, long subjects) {

    public static final Caps DEFAULTS = new Caps(DEFAULT_MAX_BLOCKS, 10_000, 100_000);

    public Caps {
      if (addresses < 1 || ranges < 1 || subjects < 1) {
        throw new IllegalArgumentException("every block list cap is at least 1: " + addresses + ", " + ranges
            + ", " + subjects);
      }
    }
  }

  private final Clock clock;
  private final int ipv6PrefixLength;
  private final Caps caps;
  private final Cache<String, Block> addresses;
  private final Cache<Cidr, Block> ranges;
  private final Cache<String, Block> subjects;
  private final Object operatorChanges = new Object();
  private final List<BlockListener> listeners = new CopyOnWriteArrayList<>();
  /** Prefix lengths of the ranges held, longest first; rebuilt on every range change. */
  private volatile int[] ipv4Prefixes = NONE;
  private volatile int[] ipv6Prefixes = NONE;

  /** A list for clients keyed by IPv6 /64, with the default caps. */
  public InMemoryBlockList(Clock clock) {
    this(clock, 64, Caps.DEFAULTS);
  }

  /**
   * @param ipv6PrefixLength the node's {@code WS_IPV6_PREFIX_LENGTH}: an IPv6 block of exactly that
   *                         prefix is a client address block
   */
  public InMemoryBlockList(Clock clock, int ipv6PrefixLength, Caps caps) {
    if (ipv6PrefixLength < 1 || ipv6PrefixLength > 128) {
      throw new IllegalArgumentException("an IPv6 prefix length is 1..128, not " + ipv6PrefixLength);
    }
    this.clock = clock;
    this.ipv6PrefixLength = ipv6PrefixLength;
    this.caps = caps;
    this.addresses = Caffeine.newBuilder()
        .maximumSize(caps.addresses())
        .ticker(() -> clock.millis() * 1_000_000L)
        .expireAfter(new UntilExpiry<String>(clock))
        .build();
    this.ranges = Caffeine.newBuilder()
        .ticker(() -> clock.millis() * 1_000_000L)
        .expireAfter(new UntilExpiry<Cidr>(clock))
        .build();
    this.subjects = Caffeine.newBuilder()
        .ticker(() -> clock.millis() * 1_000_000L)
        .expireAfter(new UntilExpiry<String>(clock))
        .build();
  }

  /**
   * {@code block} under the canonical form of its key.
   *
   * @throws IllegalArgumentException when the key is neither an address, a CIDR nor a subject key
   */
  public Block canonical(Block block) {
    Key key = Key.of(block.addressKey(), ipv6PrefixLength);
    return key.text().equals(block.addressKey())
        ? block
        : new Block(key.text(), block.reason(), block.since(), block.until());
  }

  /** The canonical form of {@code addressKey}; empty when it is no address, range or subject key. */
  public Optional<String> canonicalKey(String addressKey) {
    Key key = Key.parse(addressKey, ipv6PrefixLength);
    return key == null ? Optional.empty() : Optional.of(key.text());
  }

  @Override
  public Optional<Block> find(String addressKey) {
    Key key = Key.parse(addressKey, ipv6PrefixLength);
    if (key == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(live(held(key), clock.instant()));
  }

  @Override
  public Optional<Block> findCovering(ClientAddress client) {
    Instant now = clock.instant();
    Block found = live(addresses.getIfPresent(client.key()), now);
    InetAddress address = client.address();
    int[] prefixes = address instanceof Inet4Address ? ipv4Prefixes : ipv6Prefixes;
    if (prefixes.length > 0) {
      byte[] raw = address.getAddress();
      for (int prefix : prefixes) {
        found = lastToEnd(found, live(ranges.getIfPresent(new Cidr(masked(raw, prefix), prefix)), now));
      }
    }
    return Optional.ofNullable(found);
  }

  @Override
  public void block(Block block) {
    Key key = Key.of(block.addressKey(), ipv6PrefixLength);
    Block held = canonical(block);
    switch (key.kind()) {
      case ADDRESS -> addresses.put(key.text(), held);
      case RANGE -> {
        synchronized (operatorChanges) {
          if (ranges.getIfPresent(key.range()) == null) {
            ensureRoom(ranges, caps.ranges(), "range");
          }
          ranges.put(key.range(), held);
          indexPrefixes();
        }
      }
      case SUBJECT -> {
        synchronized (operatorChanges) {
          if (subjects.getIfPresent(key.text()) == null) {
            ensureRoom(subjects, caps.subjects(), "subject");
          }
          subjects.put(key.text(), held);
        }
      }
    }
    for (BlockListener listener : listeners) {
      try {
        listener.blocked(held);
      } catch (RuntimeException e) {
        LOG.error("A block listener failed", e);
      }
    }
  }

  @Override
  public boolean lift(String addressKey) {
    Key key = Key.parse(addressKey, ipv6PrefixLength);
    if (key == null) {
      return false;
    }
    return switch (key.kind()) {
      case ADDRESS -> addresses.asMap().remove(key.text()) != null;
      case SUBJECT -> subjects.asMap().remove(key.text()) != null;
      case RANGE -> {
        synchronized (operatorChanges) {
          boolean lifted = ranges.asMap().remove(key.range()) != null;
          indexPrefixes();
          yield lifted;
        }
      }
    };
  }

  @Override
  public List<Block> list() {
    Instant now = clock.instant();
    List<Block> live = new ArrayList<>();
    for (Cache<?, Block> cache : List.of(addresses, ranges, subjects)) {
      for (Block block : cache.asMap().values()) {
        if (block.until().isAfter(now)) {
          live.add(block);
        }
      }
    }
    live.sort(Comparator.comparing(Block::until));
    return live;
  }

  /** Entries held now, expired ones not yet cleaned up included (for tests and statistics). */
  public long size() {
    addresses.cleanUp();
    ranges.cleanUp();
    subjects.cleanUp();
    return addresses.estimatedSize() + ranges.estimatedSize() + subjects.estimatedSize();
  }

  @Override
  public void watch(BlockListener listener) {
    listeners.add(listener);
  }

  private Block held(Key key) {
    return switch (key.kind()) {
      case ADDRESS -> addresses.getIfPresent(key.text());
      case RANGE -> ranges.getIfPresent(key.range());
      case SUBJECT -> subjects.getIfPresent(key.text());
    };
  }

  private void ensureRoom(Cache<?, Block> cache, long cap, String kind) {
    if (cache.estimatedSize() < cap) {
      return;
    }
    cache.cleanUp(); // expired blocks leave first
    if (cache.estimatedSize() >= cap) {
      throw new IllegalStateException("The block list holds its maximum of " + cap + " " + kind
          + " blocks; lift one or wait for one to end before adding another");
    }
  }

  /** Called under {@link #operatorChanges}. A prefix left by an expired range costs one lookup until the next change. */
  private void indexPrefixes() {
    TreeSet<Integer> v4 = new TreeSet<>(Comparator.reverseOrder());
    TreeSet<Integer> v6 = new TreeSet<>(Comparator.reverseOrder());
    for (Cidr range : ranges.asMap().keySet()) {
      (range.network() instanceof Inet4Address ? v4 : v6).add(range.prefixLength());
    }
    ipv4Prefixes = v4.stream().mapToInt(Integer::intValue).toArray();
    ipv6Prefixes = v6.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Block live(Block block, Instant now) {
    return block != null && block.until().isAfter(now) ? block : null;
  }

  private static Block lastToEnd(Block a, Block b) {
    if (a == null) {
      return b;
    }
    return b != null && b.until().isAfter(a.until()) ? b : a;
  }

  private static InetAddress masked(byte[] raw, int prefixLength) {
    byte[] out = raw.clone();
    for (int bit = prefixLength; bit < out.length * 8; bit++) {
      out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    try {
      return InetAddress.getByAddress(out);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
    }
  }

  /** A block key in canonical form, and which structure holds it. */
  private record Key(Kind kind, String text, Cidr range) {

    enum Kind { ADDRESS, RANGE, SUBJECT }

    /** The key of {@code text}, or null when it is none. */
    static Key parse(String text, int ipv6PrefixLength) {
      try {
        return of(text, ipv6PrefixLength);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    static Key of(String text, int ipv6PrefixLength) {
      if (text.startsWith(Block.SUBJECT_PREFIX)) {
        if (text.length() == Block.SUBJECT_PREFIX.length()) {
          throw new IllegalArgumentException("a subject block key names a subject after '" + Block.SUBJECT_PREFIX
              + "'");
        }
        return new Key(Kind.SUBJECT, text, null);
      }
      Cidr cidr;
      try {
        cidr = Cidr.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("a block key is an IP address, a CIDR or '" + Block.SUBJECT_PREFIX
            + "<subject>'; this one is none of them", e);
      }
      boolean ipv4 = cidr.network() instanceof Inet4Address;
      if (ipv4 && cidr.prefixLength() == 32) {
        return new Key(Kind.ADDRESS, cidr.network().getHostAddress(), null);
      }
      if (!ipv4 && cidr.prefixLength() == ipv6PrefixLength) {
        String host = cidr.network().getHostAddress();
        return new Key(Kind.ADDRESS, ipv6PrefixLength == 128 ? host : host + "/" + ipv6PrefixLength, null);
      }
      return new Key(Kind.RANGE, cidr.toString(), cidr);
    }
  }

  private record UntilExpiry<K>(Clock clock) implements Expiry<K, Block> {
    @Override
    public long expireAfterCreate(K key, Block block, long now) {
      return Math.max(0, block.until().toEpochMilli() - clock.millis()) * 1_000_000L;
    }

    @Override
    public long expireAfterUpdate(K key, Block block, long now, long remaining) {
      return expireAfterCreate(key, block, now);
    }

    @Override
    public long expireAfterRead(K key, Block block, long now, long remaining) {
      return remaining;
    }
  }
}
