package dev.portcullis.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An address kept out until {@code until}.
 *
 * @param addressKey the {@link dev.portcullis.core.model.ClientAddress#key()} that is blocked
 * @param reason     why, such as {@code failed_auth} or an operator's words
 * @param since      when the block began
 * @param until      when it ends by itself
 */
public record Block(String addressKey, String reason, Instant since, Instant until) {

  public Block {
    Objects.requireNonNull(addressKey, "addressKey");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
  }

  /** Time left at {@code now}, never negative. */
  public Duration remainingAt(Instant now) {
    Duration left = Duration.between(now, until);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
