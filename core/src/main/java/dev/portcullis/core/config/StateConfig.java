package dev.portcullis.core.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Where shared state lives and how a node talks to Redis when it lives there. The Redis knobs an operator
 * may tune without code are here; the rest of the adapter's timings stay in code, because a bad value
 * there breaks an invariant rather than a preference (see {@code docs/configuration.md}).
 *
 * @param redisTimeout     the most one Redis call may take before the failure mode answers instead
 * @param redisBreakerWait how long a node stops asking an unreachable Redis before it probes again
 * @param redisLeaseTtl    the bound on reclaiming the connection slots of a node that died; the node
 *                         refreshes its leases every third of it
 * @param redisKeyPrefix   the first segment of every key and channel, so several fleets can share a Redis
 * @param redisTlsCaFile   PEM certificates of the authorities a {@code rediss://} server must chain to;
 *                         {@code null} trusts the JVM's trust store
 */
public record StateConfig(
    @Variable("WS_STATE") @NotNull StateKind kind,
    @Variable("WS_REDIS_URL")
        @Pattern(regexp = "(redis|rediss|redis-sentinel|rediss-sentinel)://\\S+",
            message = "must be a redis://, rediss:// or redis-sentinel:// URI")
        String redisUrl,
    @Variable("WS_REDIS_FAILURE_MODE") @NotNull RedisFailureMode failureMode,
    @Variable("WS_REDIS_TIMEOUT") @NotNull
        @DurationMin(millis = 10, message = "must be at least 10 ms (the value is in milliseconds)")
        @DurationMax(seconds = 10, message = "must be at most 10000 ms: a handshake waits this long at worst")
        Duration redisTimeout,
    @Variable("WS_REDIS_BREAKER_WAIT") @NotNull
        @DurationMin(millis = 100, message = "must be at least 100 ms (the value is in milliseconds)")
        @DurationMax(seconds = 60, message = "must be at most 60000 ms")
        Duration redisBreakerWait,
    @Variable("WS_REDIS_LEASE_TTL") @NotNull
        @DurationMin(seconds = 3, message = "must be at least 3 seconds")
        @DurationMax(seconds = 3600, message = "must be at most 3600 seconds")
        Duration redisLeaseTtl,
    @Variable("WS_REDIS_REPLAY") @NotNull RedisReplay replay,
    @Variable("WS_REDIS_KEY_PREFIX") @NotNull
        @Pattern(regexp = "[A-Za-z0-9._-]{1,32}", message = "must be 1 to 32 of A-Z a-z 0-9 . _ -")
        String redisKeyPrefix,
    @Variable("WS_REDIS_TLS_CA_FILE") Path redisTlsCaFile) {

  public static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(200);
  public static final Duration DEFAULT_REDIS_BREAKER_WAIT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_REDIS_LEASE_TTL = Duration.ofSeconds(15);
  public static final String DEFAULT_REDIS_KEY_PREFIX = "portcullis";

  /** Shared state in {@code kind} at {@code redisUrl}, every Redis knob at its default. */
  public StateConfig(StateKind kind, String redisUrl, RedisFailureMode failureMode) {
    this(kind, redisUrl, failureMode, DEFAULT_REDIS_TIMEOUT, DEFAULT_REDIS_BREAKER_WAIT, DEFAULT_REDIS_LEASE_TTL,
        RedisReplay.LOCAL, DEFAULT_REDIS_KEY_PREFIX, null);
  }

  /** How often a node refreshes its leases and its presence: a third of the lease TTL. */
  public Duration redisHeartbeat() {
    return Objects.requireNonNull(redisLeaseTtl, "redisLeaseTtl").dividedBy(3);
  }

  /** Whether the URL asks for TLS ({@code rediss://} or {@code rediss-sentinel://}). */
  public boolean redisTls() {
    return redisUrl != null && redisUrl.startsWith("rediss");
  }

  @Override
  public String toString() {
    // The URL may hold a password.
    return "StateConfig[kind=" + kind + ", failureMode=" + failureMode + ", timeout=" + redisTimeout
        + ", replay=" + replay + ", keyPrefix=" + redisKeyPrefix + "]";
  }
}
