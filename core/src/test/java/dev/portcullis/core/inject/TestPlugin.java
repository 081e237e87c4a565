package dev.portcullis.core.inject;

import com.google.inject.Module;
import dev.portcullis.core.config.PortcullisConfig;

/**
 * Registered in {@code META-INF/services} of the core's test resources, as a real adapter jar registers
 * its plugin, so that {@link Portcullis} finds it through {@link java.util.ServiceLoader}.
 */
public final class TestPlugin implements PortcullisPlugin {

  @Override
  public Module module(PortcullisConfig config) {
    return new TestAdapters();
  }
}
