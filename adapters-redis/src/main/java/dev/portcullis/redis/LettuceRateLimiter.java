package dev.portcullis.redis;

import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.port.RateDecision;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.RateRule;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;

/**
 * {@link RateLimitPort} on Redis: each decision is one atomic Lua script ({@code rate.lua}, one round
 * trip) that runs the core's sliding-window algorithm (60 slots + 1 per window) on a small hash per rule
 * and key, with Redis's clock, so decisions are exact across any number of nodes and immune to node
 * clock skew. While Redis is out of reach the failure mode answers: {@code local} and {@code closed}
 * count on this node alone, with each limit shared out among the nodes last seen (never unlimited);
 * {@code open} allows. Thread-safe.
 */
public final class LettuceRateLimiter implements RateLimitPort {

  private static final LuaScript RATE = LuaScript.load("rate", "window");
  /** The core's slot count per window ({@code SlotWindow.SLOTS}). */
  static final int SLOTS = 60;

  private final RedisState state;
  private final InMemoryRateLimiter local;

  public LettuceRateLimiter(RedisState state) {
    this.state = state;
    this.local = new InMemoryRateLimiter(state.clock());
  }

  @Override
  public RateDecision tryConsume(RateRule rule, String key, long units) {
    try {
      return shared(rule, key, units);
    } catch (RedisUnavailableException e) {
      return fallback(rule, key, units);
    }
  }

  @Override
  public void reset(RateRule rule, String key) {
    local.reset(rule, key);
    try {
      String counter = state.keys().rate(rule.name(), key);
      state.guard().call("rate reset", () -> state.store().commands().del(counter));
    } catch (RedisUnavailableException e) {
      // The shared count stays; it slides out of its window by itself.
    }
  }

  private RateDecision shared(RateRule rule, String key, long units) {
    List<Object> answer = state.run("rate decision", RATE, ScriptOutputType.MULTI,
        new String[] {state.keys().rate(rule.name(), key)},
        state.scriptNow(), Long.toString(slotMillis(rule)), Long.toString(rule.limit()), Long.toString(units));
    return new RateDecision(number(answer, 0) == 1, rule.limit(), number(answer, 1),
        Duration.ofMillis(number(answer, 2)), Duration.ofMillis(number(answer, 3)));
  }

  /** One slot of the rule's window in ms, as the core's {@code SlotWindow} cuts it (rounded up, at least 1). */
  static long slotMillis(RateRule rule) {
    return Math.max(1, -Math.floorDiv(-rule.window().toMillis(), SLOTS));
  }

  /** The decision while Redis is out of reach, as the failure mode says. */
  RateDecision fallback(RateRule rule, String key, long units) {
    return switch (state.failureMode()) {
      case OPEN -> new RateDecision(true, rule.limit(), Math.max(0, rule.limit() - units), Duration.ZERO,
          Duration.ZERO);
      case LOCAL, CLOSED -> local.tryConsume(new RateRule(rule.name(), state.share(rule.limit()), rule.window()),
          key, units);
    };
  }

  private static long number(List<Object> answer, int index) {
    return ((Number) answer.get(index)).longValue();
  }
}
