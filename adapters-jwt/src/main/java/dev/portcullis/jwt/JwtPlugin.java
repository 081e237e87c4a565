package dev.portcullis.jwt;

import com.google.inject.Module;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.inject.PortcullisPlugin;

/**
 * Brings JWT authentication into a node when this jar is on the class path (found by ServiceLoader).
 * Stateless and thread-safe.
 */
public final class JwtPlugin implements PortcullisPlugin {

  @Override
  public Module module(PortcullisConfig config) {
    return new JwtModule();
  }
}
