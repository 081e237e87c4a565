package dev.portcullis.redis;

import dev.portcullis.core.config.RedisReplay;
import dev.portcullis.core.config.StateConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the Redis adapters talk to Redis: the time limit and circuit breaker around every call, the
 * lease and heartbeat periods, the block-list resynchronisation period, the key prefix, where time is
 * read, and whether replay ids are shared. {@link #defaults()} suits production; tests shorten the
 * periods. Immutable and thread-safe.
 *
 * @param timeLimit            the most any caller waits for one Redis call; past it the call counts as
 *                             failed, the breaker opens, and the failure mode answers instead
 * @param breakerWait          how long an open breaker fails fast before it lets probes through
 * @param breakerProbes        calls let through while the breaker is half open
 * @param failureRateThreshold percentage of failed calls (in a window of {@link #BREAKER_WINDOW}) that
 *                             opens the breaker; a timeout or a lost connection opens it at once
 * @param slowCall             a call slower than this counts as slow; {@link #SLOW_CALL_RATE} % slow
 *                             calls open the breaker too
 * @param leaseTtl             how long a lease outlives its node's last heartbeat: the bound on
 *                             reclaiming the leases of a node that died without a goodbye
 * @param heartbeat            how often a node refreshes its leases and its presence
 * @param blockSync            how often a node checks that its block-list mirror has missed nothing
 * @param keyPrefix            the first segment of every key and channel, so several fleets can share
 *                             one Redis
 * @param time                 where windows, leases and replay ids read the time
 * @param sharedReplay         whether the {@code ReplayGuard} is bound to Redis (a round trip on every
 *                             message: off by default, see {@code docs/scaling.md})
 */
public record RedisOptions(
    Duration timeLimit,
    Duration breakerWait,
    int breakerProbes,
    float failureRateThreshold,
    Duration slowCall,
    Duration leaseTtl,
    Duration heartbeat,
    Duration blockSync,
    String keyPrefix,
    TimeSource time,
    boolean sharedReplay) {

  public static final Duration DEFAULT_TIME_LIMIT = StateConfig.DEFAULT_REDIS_TIMEOUT;
  public static final Duration DEFAULT_BREAKER_WAIT = StateConfig.DEFAULT_REDIS_BREAKER_WAIT;
  public static final int DEFAULT_BREAKER_PROBES = 2;
  public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
  public static final Duration DEFAULT_SLOW_CALL = DEFAULT_TIME_LIMIT.dividedBy(2);
  public static final Duration DEFAULT_LEASE_TTL = StateConfig.DEFAULT_REDIS_LEASE_TTL;
  public static final Duration DEFAULT_HEARTBEAT = DEFAULT_LEASE_TTL.dividedBy(3);
  public static final Duration DEFAULT_BLOCK_SYNC = Duration.ofSeconds(1);
  public static final String DEFAULT_KEY_PREFIX = StateConfig.DEFAULT_REDIS_KEY_PREFIX;
  /** Calls the breaker's failure and slow-call rates are computed over. */
  public static final int BREAKER_WINDOW = 20;
  /** Percentage of slow calls that opens the breaker. */
  public static final float SLOW_CALL_RATE = 80f;

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,32}");

  /** Where the adapters read the time. */
  public enum TimeSource {
    /**
     * Redis's own clock ({@code TIME} inside each script, {@code PX} expiries): one clock for the whole
     * fleet, whatever the nodes' clocks say.
     */
    SERVER,
    /**
     * The node's injected {@link java.time.Clock}, passed to each script. For tests that move a clock
     * instead of sleeping; in production nodes whose clocks disagree would disagree on windows.
     */
    NODE
  }

  public RedisOptions {
    positive(timeLimit, "timeLimit");
    positive(breakerWait, "breakerWait");
    positive(slowCall, "slowCall");
    positive(leaseTtl, "leaseTtl");
    positive(heartbeat, "heartbeat");
    positive(blockSync, "blockSync");
    if (breakerProbes < 1) {
      throw new IllegalArgumentException("breakerProbes must be at least 1, not " + breakerProbes);
    }
    if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
      throw new IllegalArgumentException("failureRateThreshold must be in (0, 100], not " + failureRateThreshold);
    }
    if (heartbeat.multipliedBy(2).compareTo(leaseTtl) > 0) {
      throw new IllegalArgumentException("leaseTtl (" + leaseTtl + ") must be at least two heartbeats ("
          + heartbeat + "), or a live node's leases would lapse between two refreshes");
    }
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (!PREFIX.matcher(keyPrefix).matches()) {
      throw new IllegalArgumentException("keyPrefix must be 1-32 of [A-Za-z0-9._-], not '" + keyPrefix + "'");
    }
    Objects.requireNonNull(time, "time");
  }

  /** The production defaults. */
  public static RedisOptions defaults() {
    return builder().build();
  }

  /**
   * The options an operator chose with environment variables: {@code WS_REDIS_TIMEOUT} (and a slow call
   * at half of it, as the defaults have it), {@code WS_REDIS_BREAKER_WAIT}, {@code WS_REDIS_LEASE_TTL}
   * (heartbeat every third of it), {@code WS_REDIS_KEY_PREFIX} and {@code WS_REDIS_REPLAY}; the rest at
   * the defaults. Every default of {@code state} gives {@link #defaults()}.
   */
  public static RedisOptions from(StateConfig state) {
    return builder()
        .timeLimit(state.redisTimeout())
        .slowCall(state.redisTimeout().dividedBy(2))
        .breakerWait(state.redisBreakerWait())
        .leaseTtl(state.redisLeaseTtl())
        .heartbeat(state.redisHeartbeat())
        .keyPrefix(state.redisKeyPrefix())
        .sharedReplay(state.replay() == RedisReplay.SHARED)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timeLimit = timeLimit;
    b.breakerWait = breakerWait;
    b.breakerProbes = breakerProbes;
    b.failureRateThreshold = failureRateThreshold;
    b.slowCall = slowCall;
    b.leaseTtl = leaseTtl;
    b.heartbeat = heartbeat;
    b.blockSync = blockSync;
    b.keyPrefix = keyPrefix;
    b.time = time;
    b.sharedReplay = sharedReplay;
    return b;
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
  }

  /** Collects options; starts at the defaults. Not thread-safe. */
  public static final class Builder {
    private Duration timeLimit = DEFAULT_TIME_LIMIT;
    private Duration breakerWait = DEFAULT_BREAKER_WAIT;
    private int breakerProbes = DEFAULT_BREAKER_PROBES;
    private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
    private Duration slowCall = DEFAULT_SLOW_CALL;
    private Duration leaseTtl = DEFAULT_LEASE_TTL;
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private Duration blockSync = DEFAULT_BLOCK_SYNC;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private TimeSource time = TimeSource.SERVER;
    private boolean sharedReplay;

    private Builder() {}

    public Builder timeLimit(Duration v) { timeLimit = v; return this; }
    public Builder breakerWait(Duration v) { breakerWait = v; return this; }
    public Builder breakerProbes(int v) { breakerProbes = v; return this; }
    public Builder failureRateThreshold(float v) { failureRateThreshold = v; return this; }
    public Builder slowCall(Duration v) { slowCall = v; return this; }
    public Builder leaseTtl(Duration v) { leaseTtl = v; return this; }
    public Builder heartbeat(Duration v) { heartbeat = v; return this; }
    public Builder blockSync(Duration v) { blockSync = v; return this; }
    public Builder keyPrefix(String v) { keyPrefix = v; return this; }
    public Builder time(TimeSource v) { time = v; return this; }
    public Builder sharedReplay(boolean v) { sharedReplay = v; return this; }

    public RedisOptions build() {
      return new RedisOptions(timeLimit, breakerWait, breakerProbes, failureRateThreshold, slowCall, leaseTtl,
          heartbeat, blockSync, keyPrefix, time, sharedReplay);
    }
  }
}
