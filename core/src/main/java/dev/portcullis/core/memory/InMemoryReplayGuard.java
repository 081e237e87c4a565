package dev.portcullis.core.memory;

import dev.portcullis.core.port.ReplayGuard;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReplayGuard} on one node, built for the message path: no object per id, no lock, no
 * allocation. Each (subject, id) becomes a keyed 64-bit hash; {@value #FINGERPRINT_BITS} bits of it and the
 * time it was seen are packed into one {@code long} slot of an open-addressing table (linear probing, at
 * most half full). The ids of one time slice of the window share a table; {@link #SLICES} tables cover
 * the whole window and one more takes the slice in progress. When a new slice begins, the oldest table
 * is dropped whole and its place reused, so nothing is evicted or expired entry by entry, and the garbage
 * collector never sees an id. The time stored with each id makes the window exact (to 1 ms while the
 * window is under ~15 minutes, to a few ms beyond): an id is refused for the whole window and forgotten
 * once it has passed.
 *
 * <p><b>One cache line per check.</b> The {@value #RING} tables are interleaved: row {@code r} of every
 * table sits in one 64-byte row of a single {@code long[]}, so looking an id up in all of them reads one
 * row (and, when probing goes on, the next) instead of one distant line per table. On a node whose store
 * is larger than the CPU caches, that is one memory access per message instead of eight.
 *
 * <p><b>Reuse without clearing.</b> Each slot also carries the {@value #EPOCH_BITS}-bit epoch of the table
 * that wrote it (its turn of the ring, modulo 16); a table reads a slot of any other epoch as empty and
 * claims over it. Starting a table is therefore one compare-and-set of the list of tables, which any thread
 * may do, so no thread ever waits for another to finish a rotation, and nothing from an earlier turn
 * accumulates. Two limits, both far outside normal operation: a slot left untouched for exactly 16 turns
 * reads as the current table's own (a taken slot, matching a new id with the false-positive chance below);
 * and a thread stopped inside a check for a whole turn of the ring (a window's worth of time, or
 * {@code maxIds} new ids, while it does not run) could claim over a slot of the table now in its column.
 *
 * <p><b>False positives.</b> A new id is refused as a replay only if an id probed on its way carries the
 * same {@value #FINGERPRINT_BITS}-bit fingerprint. Probing a table at most half full meets on average at
 * most 1.5 stored ids, so the chance per check is at most {@code 8 * 1.5 / 2^42}, about 3e-12: one refused
 * genuine message in ~3.7e11. The hash is keyed with a random per-node seed, so a client cannot aim a
 * collision at another subject's ids. Within the bound and the limits above, a true replay is always
 * found: a stored fingerprint is compared with the same bits of the same hash, and nothing is forgotten
 * before its window has passed.
 *
 * <p><b>Bounded.</b> The tables hold {@code maxIds} ids together, {@code maxIds / 8} each, in one array
 * allocated up front (16 to 32 bytes per id, as the row count is a power of two). When the current table
 * is full before its slice of time is over, a new one starts early and the oldest is dropped early: under
 * a flood of distinct ids the window shortens (the newest ids stay remembered, the timestamp window still
 * refuses older messages), and the log says so at most once per window. Memory never grows.
 *
 * <p>Thread-safe and lock-free: a slot is claimed by compare-and-set, and a claim made while a new table
 * starts is made again in the new one, so racing threads with the same id see it first exactly once (at
 * the instant a table starts, at worst neither does: the guard errs towards refusing).
 */
public final class InMemoryReplayGuard implements ReplayGuard {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryReplayGuard.class);
  public static final long DEFAULT_MAX_IDS = 500_000;
  /** Tables, one 64-byte row of longs wide. */
  static final int RING = 8;
  /** Time slices of the window; the one more table takes the slice in progress. */
  static final int SLICES = RING - 1;
  /** A slot, high bits to low: fingerprint, epoch, ticks + 1 (0 is an empty slot). */
  static final int FINGERPRINT_BITS = 42;
  static final int EPOCH_BITS = 4;
  private static final int TICK_BITS = 64 - FINGERPRINT_BITS - EPOCH_BITS;
  /** The largest tick value means "too late to tell": remembered until the table is dropped. */
  private static final long TICK_MAX = (1L << TICK_BITS) - 1;
  private static final long EPOCH_MASK = ((1L << EPOCH_BITS) - 1) << TICK_BITS;
  private static final long FINGERPRINT_MASK = -1L << (TICK_BITS + EPOCH_BITS);
  /** A bound whose rows still fit one Java array, half full. */
  static final long MAX_IDS = (1L << 26) * RING / 2;
  private static final VarHandle TABLES;

  static {
    try {
      TABLES = MethodHandles.lookup().findVarHandle(InMemoryReplayGuard.class, "tables", Table[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Clock clock;
  private final int perTable;
  /** Row {@code r} of the table in column {@code c} is {@code rows[r * RING + c]}. */
  private final AtomicLongArray rows;
  private final int rowMask;
  private final long fingerprintMask;
  private final long seed = new SecureRandom().nextLong();
  /** Newest first; replaced whole, by compare-and-set, when a table starts. */
  private volatile Table[] tables;
  private volatile long lastOverflowWarning = Long.MIN_VALUE;

  public InMemoryReplayGuard(Clock clock) {
    this(clock, DEFAULT_MAX_IDS);
  }

  public InMemoryReplayGuard(Clock clock, long maxIds) {
    this(clock, maxIds, FINGERPRINT_BITS);
  }

  /** With fewer fingerprint bits, so that a test can see the false-positive rate the class comment states. */
  InMemoryReplayGuard(Clock clock, long maxIds, int fingerprintBits) {
    if (maxIds < RING || maxIds > MAX_IDS) {
      throw new IllegalArgumentException("InMemoryReplayGuard: maxIds must be between " + RING + " and " + MAX_IDS
          + ", was " + maxIds);
    }
    if (fingerprintBits < 1 || fingerprintBits > FINGERPRINT_BITS) {
      throw new IllegalArgumentException("InMemoryReplayGuard: fingerprint bits must be 1.." + FINGERPRINT_BITS
          + ", was " + fingerprintBits);
    }
    this.clock = clock;
    this.perTable = (int) (maxIds / RING);
    // at least twice the ids each table takes: half full at most
    int rowCount = Integer.highestOneBit(Math.max(2, perTable) * 2 - 1) << 1;
    this.rowMask = rowCount - 1;
    this.rows = new AtomicLongArray(rowCount * RING);
    this.fingerprintMask = -1L << (64 - fingerprintBits);
    this.tables = new Table[] {new Table(this, 0, clock.millis(), 1)};
  }

  @Override
  public boolean firstSeen(String subject, String messageId, Duration window) {
    long windowMillis = window.toMillis();
    long now = clock.millis();
    long hash = hash(subject, messageId);
    long fingerprint = hash & fingerprintMask;
    Table[] seen = tables;
    if (now - seen[0].base >= spanMillis(windowMillis)) {
      seen = startTable(seen, now, windowMillis);
    }
    for (int i = 1; i < seen.length; i++) {
      if (seen[i].contains(hash, fingerprint, now, windowMillis)) {
        return false;
      }
    }
    Table head = seen[0];
    while (true) {
      int claim = head.claim(hash, fingerprint, now, windowMillis);
      if (claim == Table.SEEN) {
        return false;
      }
      Table[] after = tables;
      if (claim == Table.CLAIMED) {
        boolean current = after[0] == head;
        if (head.count.incrementAndGet() >= perTable && current) {
          startTable(after, now, windowMillis); // after this claim: whoever reads the new tables finds it
        }
        if (current) {
          return true; // whoever reads the tables from now on finds this id in the head or behind it
        }
      } else if (after[0] == head) {
        after = startTable(after, now, windowMillis); // full: this id goes into the next table
      }
      // A table started while this id was being claimed: a racing copy may have gone into a newer one.
      for (int i = 1; i < after.length && after[i] != head; i++) {
        if (after[i].contains(hash, fingerprint, now, windowMillis)) {
          return false;
        }
      }
      head = after[0]; // claim it there too, where a racing copy must meet it
    }
  }

  /** Ids held now, those of slices already past the window but not yet dropped included. */
  public long size() {
    long total = 0;
    for (Table table : tables) {
      total += Math.min(table.count.get(), perTable);
    }
    return total;
  }

  /** How long one table takes ids: a slice of the window, so {@link #SLICES} full ones cover it. */
  private static long spanMillis(long windowMillis) {
    return Math.max(1, -Math.floorDiv(-windowMillis, SLICES));
  }

  /**
   * Publishes a new table in front of those of {@code old}, in the column of the oldest, which it drops
   * (when the ring is full). Any thread may try; one compare-and-set decides, and the others go on with
   * the tables it published.
   */
  private Table[] startTable(Table[] old, long now, long windowMillis) {
    int kept = Math.min(old.length, RING - 1);
    long unit = Math.max(1, -Math.floorDiv(-2 * spanMillis(windowMillis), TICK_MAX - 1));
    Table[] next = new Table[kept + 1];
    next[0] = new Table(this, old[0].generation + 1, now, unit);
    System.arraycopy(old, 0, next, 1, kept);
    if (!TABLES.compareAndSet(this, old, next)) {
      return tables;
    }
    if (old.length == RING && old[RING - 2].base > now - windowMillis) {
      warnOverflow(now, windowMillis); // the table dropped still held ids inside the window
    }
    return next;
  }

  private void warnOverflow(long now, long windowMillis) {
    if (now - lastOverflowWarning > windowMillis) {
      lastOverflowWarning = now;
      LOG.warn("Replay guard full ({} ids per {} ms slice): the replay window is shorter than {} ms until the flood of"
          + " new ids ends", perTable, spanMillis(windowMillis), windowMillis);
    }
  }

  /**
   * A keyed 64-bit hash of subject and id, four characters per multiplication, with the lengths mixed in
   * so that no split of one string into subject and id can match another.
   */
  private long hash(String subject, String messageId) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L, subject);
    h = mix(h ^ 0xFF51AFD7ED558CCDL, messageId);
    return finish(h ^ ((long) subject.length() << 32 | messageId.length()));
  }

  private static long mix(long h, String text) {
    int length = text.length();
    int i = 0;
    for (; i + 4 <= length; i += 4) {
      long block = text.charAt(i) | (long) text.charAt(i + 1) << 16 | (long) text.charAt(i + 2) << 32
          | (long) text.charAt(i + 3) << 48;
      h = Long.rotateLeft((h ^ block) * 0x9FB21C651E98DF25L, 29);
    }
    long tail = 0;
    for (int shift = 0; i < length; i++, shift += 16) {
      tail |= (long) text.charAt(i) << shift;
    }
    return Long.rotateLeft((h ^ tail) * 0xC2B2AE3D27D4EB4FL, 31);
  }

  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }

  /**
   * The ids of one slice: a column of the rows, taken in turn ({@code generation % RING}), with slots of
   * {@code fingerprint | epoch | ticks + 1}, where ticks count {@link #unit} ms since {@link #base}. A slot
   * of another epoch, left by an earlier turn of the ring, is empty to this table.
   */
  private static final class Table {

    static final int CLAIMED = 0;
    static final int SEEN = 1;
    static final int FULL = 2;

    final AtomicLongArray rows;
    final int rowMask;
    final long generation;
    final int column;
    final long epoch;
    final long base;
    final long unit;
    final AtomicInteger count = new AtomicInteger();

    Table(InMemoryReplayGuard guard, long generation, long base, long unit) {
      this.rows = guard.rows;
      this.rowMask = guard.rowMask;
      this.generation = generation;
      this.column = (int) (generation % RING);
      this.epoch = (generation / RING) << TICK_BITS & EPOCH_MASK;
      this.base = base;
      this.unit = unit;
    }

    /** Claims a slot for the id, unless a fresh copy of it is already here. */
    int claim(long hash, long fingerprint, long now, long windowMillis) {
      long stored = fingerprint | epoch | ticks(now);
      int row = (int) hash & rowMask;
      for (int probes = 0; probes <= rowMask; probes++, row = (row + 1) & rowMask) {
        int at = row * RING + column;
        long slot = rows.get(at);
        while (free(slot) || (slot & FINGERPRINT_MASK) == fingerprint) {
          if (!free(slot) && fresh(slot, now, windowMillis)) {
            return SEEN;
          }
          if (rows.compareAndSet(at, slot, stored)) {
            return CLAIMED; // a free slot, or this id's own copy from before the window
          }
          slot = rows.get(at); // lost a race for this slot: look at what won it
        }
      }
      return FULL;
    }

    boolean contains(long hash, long fingerprint, long now, long windowMillis) {
      int row = (int) hash & rowMask;
      for (int probes = 0; probes <= rowMask; probes++, row = (row + 1) & rowMask) {
        long slot = rows.get(row * RING + column);
        if (free(slot)) {
          return false;
        }
        if ((slot & FINGERPRINT_MASK) == fingerprint && fresh(slot, now, windowMillis)) {
          return true;
        }
      }
      return false;
    }

    /** Empty, or left by the table that had this column on an earlier turn of the ring. */
    private boolean free(long slot) {
      return slot == 0 || (slot & EPOCH_MASK) != epoch;
    }

    /** Ticks plus one, never 0; {@link #TICK_MAX} past the range (remembered until the table is dropped). */
    private long ticks(long now) {
      long ticks = Math.max(0, now - base) / unit + 1;
      return Math.min(ticks, TICK_MAX);
    }

    /** Whether an id stored as {@code slot} was seen less than the window ago (its latest possible time). */
    private boolean fresh(long slot, long now, long windowMillis) {
      long ticks = slot & TICK_MAX;
      return ticks == TICK_MAX || now - (base + ticks * unit - 1) < windowMillis;
    }
  }
}
