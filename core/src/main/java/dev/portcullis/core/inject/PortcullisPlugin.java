package dev.portcullis.core.inject;

import com.google.inject.Module;
import dev.portcullis.core.config.PortcullisConfig;

/**
 * A jar's contribution to a node, found by {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/dev.portcullis.core.inject.PortcullisPlugin}). Its module binds policies
 * into the pipeline with {@link PortcullisModule#connectionPolicies(com.google.inject.Binder)}, sinks
 * with {@link PortcullisModule#sinks(com.google.inject.Binder)}, or replaces a port's default with
 * {@code OptionalBinder.setBinding()}. The built-in adapters arrive the same way.
 */
public interface PortcullisPlugin {

  /** The module this plugin adds, given the validated configuration. */
  Module module(PortcullisConfig config);
}
