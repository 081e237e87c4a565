package dev.portcullis.core.port;

import java.time.Duration;

/** Answers "was this message id seen for this subject inside the window?". Thread-safe and bounded. */
public interface ReplayGuard {

  /**
   * Records {@code messageId} for {@code subject} and says whether it was new. A second call with the
   * same pair inside {@code window} returns false.
   */
  boolean firstSeen(String subject, String messageId, Duration window);
}
