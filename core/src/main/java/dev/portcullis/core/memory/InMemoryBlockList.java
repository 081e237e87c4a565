package dev.portcullis.core.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlockListPort} on one node: blocks expire by themselves at their {@code until}; the list is
 * bounded by entry count (a flood that gets a million addresses blocked costs a fixed amount of heap).
 * Thread-safe.
 */
public final class InMemoryBlockList implements BlockListPort {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryBlockList.class);
  public static final long DEFAULT_MAX_BLOCKS = 100_000;

  private final Clock clock;
  private final Cache<String, Block> blocks;
  private final List<BlockListener> listeners = new CopyOnWriteArrayList<>();

  public InMemoryBlockList(Clock clock) {
    this(clock, DEFAULT_MAX_BLOCKS);
  }

  public InMemoryBlockList(Clock clock, long maxBlocks) {
    this.clock = clock;
    this.blocks = Caffeine.newBuilder()
        .maximumSize(maxBlocks)
        .ticker(() -> clock.millis() * 1_000_000L)
        .expireAfter(new UntilExpiry(clock))
        .build();
  }

  @Override
  public Optional<Block> find(String addressKey) {
    Block block = blocks.getIfPresent(addressKey);
    return block != null && block.until().isAfter(clock.instant()) ? Optional.of(block) : Optional.empty();
  }

  @Override
  public void block(Block block) {
    blocks.put(block.addressKey(), block);
    for (BlockListener listener : listeners) {
      try {
        listener.blocked(block);
      } catch (RuntimeException e) {
        LOG.error("A block listener failed", e);
      }
    }
  }

  @Override
  public boolean lift(String addressKey) {
    return blocks.asMap().remove(addressKey) != null;
  }

  @Override
  public List<Block> list() {
    List<Block> live = new ArrayList<>();
    for (Block block : blocks.asMap().values()) {
      if (block.until().isAfter(clock.instant())) {
        live.add(block);
      }
    }
    live.sort(Comparator.comparing(Block::until));
    return live;
  }

  /** Entries held now, expired ones not yet cleaned up included (for tests and statistics). */
  public long size() {
    blocks.cleanUp();
    return blocks.estimatedSize();
  }

  @Override
  public void watch(BlockListener listener) {
    listeners.add(listener);
  }

  private record UntilExpiry(Clock clock) implements Expiry<String, Block> {
    @Override
    public long expireAfterCreate(String key, Block block, long now) {
      return Math.max(0, block.until().toEpochMilli() - clock.millis()) * 1_000_000L;
    }

    @Override
    public long expireAfterUpdate(String key, Block block, long now, long remaining) {
      return expireAfterCreate(key, block, now);
    }

    @Override
    public long expireAfterRead(String key, Block block, long now, long remaining) {
      return remaining;
    }
  }
}
