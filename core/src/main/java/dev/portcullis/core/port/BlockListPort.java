package dev.portcullis.core.port;

import dev.portcullis.core.model.ClientAddress;
import java.util.List;
import java.util.Optional;

/**
 * Answers "is this address, range or subject blocked, until when, why?" and keeps the list. A block's
 * key ({@link Block#addressKey()}) is a client address key, a CIDR, or {@link Block#subjectKey(String)};
 * implementations keep keys in one canonical form ({@code 2001:db8::1/64} is held as
 * {@code 2001:db8:0:0:0:0:0:0/64}, {@code 203.0.113.5/32} as {@code 203.0.113.5}), so any spelling finds,
 * replaces and lifts the same block. Implementations are thread-safe, expire blocks by themselves, and
 * tell watchers about every new block.
 */
public interface BlockListPort {

  /** The block in force for exactly {@code addressKey} (an address, a range or a subject key), if any. */
  Optional<Block> find(String addressKey);

  /**
   * The block in force that keeps {@code client} out: its own address key's, or that of a blocked range
   * holding its address; the one that ends last when several do. Cheap on the handshake: a few hash
   * lookups, however many blocks are held; never I/O.
   */
  Optional<Block> findCovering(ClientAddress client);

  /**
   * Adds or replaces the block of {@code block.addressKey()}.
   *
   * @throws IllegalArgumentException when the key is neither an address, a CIDR nor a subject key
   * @throws IllegalStateException    when the ranges or subjects held are at their cap and this block
   *                                  would add one (operator blocks are refused, never evicted)
   */
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
