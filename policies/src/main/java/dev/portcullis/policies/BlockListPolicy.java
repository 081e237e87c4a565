package dev.portcullis.policies;

import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.HandshakeContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.policy.PolicyKind;
import dev.portcullis.core.policy.Verdict;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * Refuses a blocked address, or an address inside a blocked range: {@code 403 blocked} with
 * {@code Retry-After} = seconds left. Allow-listed addresses skip it ({@link PolicyKind#BLOCK}); subject
 * blocks are the {@link SubjectBlockPolicy}'s, once the token has said who the client is. Thread-safe.
 */
public final class BlockListPolicy implements ConnectionPolicy {

  public static final PolicyId ID = PolicyId.of("block-list");
  private final BlockListPort blocks;
  private final Clock clock;

  @Inject
  public BlockListPolicy(BlockListPort blocks, Clock clock) {
    this.blocks = blocks;
    this.clock = clock;
  }

  @Override
  public PolicyId id() {
    return ID;
  }

  @Override
  public PolicyKind kind() {
    return PolicyKind.BLOCK;
  }

  @Override
  public int order() {
    return 100;
  }

  @Override
  public Verdict evaluate(HandshakeContext context) {
    Optional<Block> block = blocks.findCovering(context.request().client());
    if (block.isEmpty()) {
      return Verdict.allow();
    }
    return Verdict.refuse("blocked", 403).retryAfter(block.get().remainingAt(clock.instant()));
  }
}
