package dev.portcullis.policies;

import dev.portcullis.core.model.Principal;
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
 * Refuses a blocked subject on every address, once its token is verified: {@code 403 blocked} with
 * {@code Retry-After} = seconds left, as for a blocked address. It runs right after authentication and
 * before the per-user limit, so a blocked subject never takes a slot.
 *
 * <p>A {@link PolicyKind#GUARD}: {@code WS_ALLOWLIST} says which networks are trusted not to flood, not
 * which people may connect, so an operator's block of a subject applies on an allow-listed address too.
 * A handshake without a verified subject (anonymous, or authenticating by its first message) passes here;
 * the first-message {@code auth} is checked against subject blocks when it arrives. Thread-safe.
 */
public final class SubjectBlockPolicy implements ConnectionPolicy {

  public static final PolicyId ID = PolicyId.of("subject-block");
  private final BlockListPort blocks;
  private final Clock clock;

  @Inject
  public SubjectBlockPolicy(BlockListPort blocks, Clock clock) {
    this.blocks = blocks;
    this.clock = clock;
  }

  @Override
  public PolicyId id() {
    return ID;
  }

  @Override
  public PolicyKind kind() {
    return PolicyKind.GUARD;
  }

  @Override
  public int order() {
    return 550;
  }

  @Override
  public Verdict evaluate(HandshakeContext context) {
    Optional<Principal> principal = context.principal();
    if (principal.isEmpty()) {
      return Verdict.allow();
    }
    Optional<Block> block = blocks.find(Block.subjectKey(principal.get().subject()));
    if (block.isEmpty()) {
      return Verdict.allow();
    }
    return Verdict.refuse("blocked", 403).retryAfter(block.get().remainingAt(clock.instant()));
  }
}
