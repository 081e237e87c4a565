package dev.portcullis.core.event;

import java.time.Instant;

/**
 * A message was refused (or would have been, under {@code dryRun}); it never reached the application.
 *
 * @param reason the code of the error frame, e.g. {@code duplicate_id}
 */
public record MessageRefused(
    Instant time, String address, String subject, String connection, String reason, String policy, boolean dryRun)
    implements SecurityEvent {

  @Override
  public String kind() {
    return dryRun ? "message_would_be_refused" : "message_refused";
  }
}
