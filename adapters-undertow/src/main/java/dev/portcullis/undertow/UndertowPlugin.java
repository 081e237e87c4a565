package dev.portcullis.undertow;

import com.google.inject.Module;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.inject.PortcullisPlugin;

/** Contributes the Undertow transport to a node found by {@code ServiceLoader}. Stateless. */
public final class UndertowPlugin implements PortcullisPlugin {

  @Override
  public Module module(PortcullisConfig config) {
    return new UndertowModule();
  }
}
