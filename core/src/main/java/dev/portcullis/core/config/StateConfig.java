package dev.portcullis.core.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Where shared state lives. */
public record StateConfig(
    @Variable("WS_STATE") @NotNull StateKind kind,
    @Variable("WS_REDIS_URL")
        @Pattern(regexp = "(redis|rediss|redis-sentinel)://\\S+", message = "must be a redis://, rediss:// or redis-sentinel:// URI")
        String redisUrl,
    @Variable("WS_REDIS_FAILURE_MODE") @NotNull RedisFailureMode failureMode) {

  @Override
  public String toString() {
    return "StateConfig[kind=" + kind + ", failureMode=" + failureMode + "]"; // the URL may hold a password
  }
}
