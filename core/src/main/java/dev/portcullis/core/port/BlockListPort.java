package dev.portcullis.core.port;

import java.util.List;
import java.util.Optional;

/**
 * Answers "is this address blocked, until when, why?" and keeps the list. Implementations are
 * thread-safe, expire blocks by themselves, and tell watchers about every new block.
 */
public interface BlockListPort {

  /** The block in force for {@code addressKey}, if any. */
  Optional<Block> find(String addressKey);

  /** Adds or replaces the block of {@code block.addressKey()}. */
  void block(Block block);

  /** Lifts the block of {@code addressKey}; false when there was none. */
  boolean lift(String addressKey);

  /** Blocks in force, soonest to expire first. */
  List<Block> list();

  /** Calls {@code listener} with every block added from now on, on any node that shares this list. */
  void watch(BlockListener listener);

  /** Told about new blocks; must be quick and must not throw. */
  interface BlockListener {
    void blocked(Block block);
  }
}
