package dev.portcullis.redis;

import dev.portcullis.core.memory.InMemoryReplayGuard;
import dev.portcullis.core.port.ReplayGuard;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;

/**
 * {@link ReplayGuard} shared by the fleet: {@code SET NX PX} per subject and id, so an id replayed on
 * another node is refused too. A node-local guard answers first (a replay on the same node costs no
 * round trip) and answers alone while Redis is out of reach, in every failure mode. Bound only when
 * cross-node replay protection is asked for ({@link RedisOptions#sharedReplay()}), because it puts a
 * Redis round trip on every message. Thread-safe.
 */
public final class LettuceReplayGuard implements ReplayGuard {

  private static final LuaScript REPLAY = LuaScript.load("replay");

  private final RedisState state;
  private final InMemoryReplayGuard local;

  public LettuceReplayGuard(RedisState state) {
    this.state = state;
    this.local = new InMemoryReplayGuard(state.clock());
  }

  @Override
  public boolean firstSeen(String subject, String messageId, Duration window) {
    if (!local.firstSeen(subject, messageId, window)) {
      return false;
    }
    try {
      return shared(state.keys().replay(subject, messageId), window);
    } catch (RedisUnavailableException e) {
      return true; // new to this node, and the fleet cannot be asked
    }
  }

  private boolean shared(String key, Duration window) {
    String windowMillis = Long.toString(Math.max(1, window.toMillis()));
    if (state.options().time() == RedisOptions.TimeSource.SERVER) {
      String answer = state.guard().call("replay check",
          () -> state.store().commands().set(key, "1", SetArgs.Builder.nx().px(Math.max(1, window.toMillis()))));
      return "OK".equals(answer);
    }
    Long answer = state.run("replay check", REPLAY, ScriptOutputType.INTEGER, new String[] {key},
        state.scriptNow(), windowMillis);
    return answer == 1;
  }
}
