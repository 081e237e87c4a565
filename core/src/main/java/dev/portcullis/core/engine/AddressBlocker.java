package dev.portcullis.core.engine;

import dev.portcullis.core.config.BlockingConfig;
import dev.portcullis.core.event.AddressBlocked;
import dev.portcullis.core.event.AddressUnblocked;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.RateDecision;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.RateRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;

/**
 * Blocks addresses automatically, longer each time the same address offends again: the n-th block
 * inside the offence memory lasts {@code WS_BLOCK_DURATION * 2^(n-1)}, capped at
 * {@code WS_BLOCK_MAX_DURATION}, plus up to 10% jitter so that a botnet's blocks do not all end in
 * the same second. Allow-listed addresses are never blocked. Thread-safe.
 */
public final class AddressBlocker {

  /** How long an address's past offences are remembered for doubling. */
  static final Duration OFFENCE_MEMORY = Duration.ofHours(24);
  private static final long MAX_COUNTED_OFFENCES = 64;

  private final BlockListPort blocks;
  private final RateLimitPort counters;
  private final BlockingConfig config;
  private final SecurityEvents events;
  private final Clock clock;
  private final DoubleSupplier jitter;
  private final Executor background;
  private final RateRule offences;

  /** A blocker whose background blocks run on the calling thread (tests, single-node tools). */
  public AddressBlocker(BlockListPort blocks, RateLimitPort counters, BlockingConfig config, SecurityEvents events,
      Clock clock, DoubleSupplier jitter) {
    this(blocks, counters, config, events, clock, jitter, Runnable::run);
  }

  /** @param background runs {@link #blockInBackground} blocks, whose ports may wait on a network */
  public AddressBlocker(BlockListPort blocks, RateLimitPort counters, BlockingConfig config, SecurityEvents events,
      Clock clock, DoubleSupplier jitter, Executor background) {
    this.blocks = blocks;
    this.counters = counters;
    this.config = config;
    this.events = events;
    this.clock = clock;
    this.jitter = jitter;
    this.background = background;
    Duration memory = config.maxBlockDuration().compareTo(OFFENCE_MEMORY) > 0 ? config.maxBlockDuration() : OFFENCE_MEMORY;
    this.offences = new RateRule("offences", MAX_COUNTED_OFFENCES, memory);
  }

  /** Blocks {@code client} for its offence's length; empty when the client is allow-listed. */
  public Optional<Block> blockAutomatically(ClientAddress client, String reason) {
    if (config.allowlist().contains(client.address())) {
      return Optional.empty();
    }
    RateDecision decision = counters.tryConsume(offences, client.key(), 1);
    long offence = decision.allowed() ? decision.limit() - decision.remaining() : MAX_COUNTED_OFFENCES;
    Duration length = lengthOf(offence);
    Instant now = clock.instant();
    Block block = new Block(client.key(), reason, now, now.plus(length));
    blocks.block(block);
    events.publish(new AddressBlocked(now, client.key(), reason, block.until(), offence));
    return Optional.of(block);
  }

  /**
   * Blocks {@code client} as {@link #blockAutomatically} does, without waiting for it: the message path
   * calls this, and with shared state a block is a network call that must not hold an IO thread.
   *
   * @return false when the client is allow-listed and will not be blocked
   */
  public boolean blockInBackground(ClientAddress client, String reason) {
    if (config.allowlist().contains(client.address())) {
      return false;
    }
    background.execute(() -> blockAutomatically(client, reason));
    return true;
  }

  /**
   * Blocks {@code key} (an address, a range or a subject key) as an operator asked, for {@code length}; published
   * like any block, with offence 0, and not counted as an offence of the address.
   *
   * @throws IllegalArgumentException when {@code key} is none of those forms
   * @throws IllegalStateException     when the block list is at its cap for ranges or subjects
   */
  public Block blockManually(String key, String reason, Duration length) {
    Instant now = clock.instant();
    Block block = new Block(key, reason, now, now.plus(length));
    blocks.block(block);
    events.publish(new AddressBlocked(now, key, reason, block.until(), 0));
    return block;
  }

  /** Lifts a block early; false when the address was not blocked. */
  public boolean lift(String addressKey, String reason) {
    boolean lifted = blocks.lift(addressKey);
    if (lifted) {
      events.publish(new AddressUnblocked(clock.instant(), addressKey, reason));
    }
    return lifted;
  }

  Duration lengthOf(long offence) {
    Duration base = config.blockDuration();
    Duration cap = config.maxBlockDuration();
    long shift = Math.min(offence - 1, 40);
    Duration doubled = base.getSeconds() > (cap.getSeconds() >> shift) ? cap : base.multipliedBy(1L << shift);
    long withJitter = (long) (doubled.toMillis() * (1.0 + 0.1 * jitter.getAsDouble()));
    return Duration.ofMillis(Math.min(withJitter, cap.toMillis()));
  }
}
