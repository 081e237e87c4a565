package dev.portcullis.redis;

import com.google.inject.Module;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.StateKind;
import dev.portcullis.core.inject.PortcullisPlugin;

/**
 * Contributes Redis state to a node found by {@code ServiceLoader}, but only when {@code WS_STATE=redis}:
 * with the jar on the class path and {@code WS_STATE=memory} it binds nothing, and the node keeps the
 * core's in-memory state. The {@code WS_REDIS_*} timings, key prefix and replay choice reach the adapters
 * through {@link RedisOptions#from}. Stateless.
 */
public final class RedisPlugin implements PortcullisPlugin {

  @Override
  public Module module(PortcullisConfig config) {
    if (config.state().kind() != StateKind.REDIS) {
      return binder -> { };
    }
    return new RedisStateModule(config.state(), RedisOptions.from(config.state()));
  }
}
