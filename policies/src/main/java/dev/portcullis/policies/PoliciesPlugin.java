package dev.portcullis.policies;

import com.google.inject.Module;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.inject.PortcullisPlugin;

/** Contributes the built-in policies to any node that has this jar on its class path. */
public final class PoliciesPlugin implements PortcullisPlugin {

  @Override
  public Module module(PortcullisConfig config) {
    return new PoliciesModule();
  }
}
