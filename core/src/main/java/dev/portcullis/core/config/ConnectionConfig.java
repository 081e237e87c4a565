package dev.portcullis.core.config;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/** Limits on connections and their lifetime (CONTRACT §1). */
public record ConnectionConfig(
    @Variable("WS_MAX_CONNECTIONS_PER_IP") @Min(1) int maxAttemptsPerAddress,
    @Variable("WS_MAX_CONCURRENT_PER_IP") @Min(1) int maxConcurrentPerAddress,
    @Variable("WS_MAX_CONNECTIONS_PER_USER") @Min(1) int maxPerUser,
    @Variable("WS_MAX_CONNECTIONS_TOTAL") @Min(1) int maxTotal,
    @Variable("WS_CONNECTION_TIMEOUT") @DurationMin(seconds = 1) Duration connectionTimeout,
    @Variable("WS_HEARTBEAT_INTERVAL") @DurationMin(seconds = 1) Duration heartbeatInterval,
    @Variable("WS_HEARTBEAT_TIMEOUT") @DurationMin(seconds = 1) Duration heartbeatTimeout) {

  /** The window of {@link #maxAttemptsPerAddress()}: attempts are counted per 60 sliding seconds. */
  public static final Duration ATTEMPT_WINDOW = Duration.ofSeconds(60);
}
