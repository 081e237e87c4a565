package dev.portcullis.core.event;

import java.time.Instant;

/**
 * An address's violation score crossed {@code WS_SUSPICIOUS_THRESHOLD} (or it used a honeypot type).
 *
 * @param score  the score inside the last 60 s when it crossed
 * @param reason the refusal code that tipped it over
 */
public record SuspiciousActivity(Instant time, String address, String subject, long score, String reason)
    implements SecurityEvent {

  @Override
  public String kind() {
    return "suspicious_activity";
  }
}
