package dev.portcullis.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An address, a range or a subject kept out until {@code until}.
 *
 * @param addressKey what is blocked: a {@link dev.portcullis.core.model.ClientAddress#key()}, a CIDR
 *                   (every address inside it), or {@link #subjectKey(String)} (that subject, on every
 *                   address)
 * @param reason     why, such as {@code failed_auth} or an operator's words
 * @param since      when the block began
 * @param until      when it ends by itself
 */
public record Block(String addressKey, String reason, Instant since, Instant until) {

  /** How a subject's block key begins; no address or CIDR key can. */
  public static final String SUBJECT_PREFIX = "subject:";

  public Block {
    Objects.requireNonNull(addressKey, "addressKey");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
  }

  /** The key that blocks {@code subject} on every address. */
  public static String subjectKey(String subject) {
    return SUBJECT_PREFIX + Objects.requireNonNull(subject, "subject");
  }

  /** Time left at {@code now}, never negative. */
  public Duration remainingAt(Instant now) {
    Duration left = Duration.between(now, until);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
