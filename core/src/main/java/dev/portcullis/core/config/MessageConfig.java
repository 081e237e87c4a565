package dev.portcullis.core.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMin;

/** Limits on what a connection may send and queue (CONTRACT §1, §3). */
public record MessageConfig(
    @Variable("WS_MAX_MESSAGES_PER_SECOND") @Min(1) int maxPerSecond,
    @Variable("WS_MESSAGE_BURST") @Min(1) int burst,
    @Variable("WS_MESSAGE_RATE_OVERRIDES") Map<String, RateSpec> rateOverrides,
    @Variable("WS_MAX_BYTES_PER_SECOND") @Min(0) long maxBytesPerSecond,
    @Variable("WS_HONEYPOT_TYPES") Set<String> honeypotTypes,
    @Variable("WS_MAX_MESSAGE_SIZE") @Min(64) @Max(Integer.MAX_VALUE - 8) int maxMessageSize,
    @Variable("WS_COMPRESSION") boolean compression,
    @Variable("WS_ALLOW_BINARY") boolean allowBinary,
    @Variable("WS_MAX_QUEUE_SIZE") @Min(1) int maxQueueSize,
    @Variable("WS_ALLOWED_MESSAGE_TYPES") @NotEmpty Set<String> allowedTypes,
    @Variable("WS_REPLAY_WINDOW") @DurationMin(seconds = 1) Duration replayWindow) {

  /** The seed's list of message types. */
  public static final Set<String> SEED_TYPES = Set.of(
      "heartbeat", "ack", "error", "transport", "plugin", "track", "project", "collaboration",
      "ai_suggestion", "parameter_batch", "dj_control", "automation", "file_operation", "daid_request");

  public MessageConfig {
    rateOverrides = Map.copyOf(rateOverrides);
    honeypotTypes = Set.copyOf(honeypotTypes);
    allowedTypes = Set.copyOf(allowedTypes);
  }
}
