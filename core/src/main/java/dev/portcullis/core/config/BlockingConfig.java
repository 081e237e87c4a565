package dev.portcullis.core.config;

import dev.portcullis.core.model.CidrSet;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * When addresses get blocked, for how long, and who is never limited.
 *
 * @param dryRun policy ids (or {@code all}) that only report what they would refuse
 */
public record BlockingConfig(
    @Variable("WS_BLOCK_DURATION") @DurationMin(seconds = 1) Duration blockDuration,
    @Variable("WS_BLOCK_MAX_DURATION") @DurationMin(seconds = 1) Duration maxBlockDuration,
    @Variable("WS_MAX_FAILED_AUTH") @Min(1) int maxFailedAuth,
    @Variable("WS_FAILED_AUTH_WINDOW") @DurationMin(seconds = 1) Duration failedAuthWindow,
    @Variable("WS_SUSPICIOUS_THRESHOLD") @Min(1) int suspiciousThreshold,
    @Variable("WS_ALLOWLIST") CidrSet allowlist,
    @Variable("WS_DRY_RUN") Set<String> dryRun) {

  public BlockingConfig {
    dryRun = Set.copyOf(dryRun);
  }

  public boolean dryRun(String policyId) {
    return dryRun.contains("all") || dryRun.contains(policyId);
  }
}
