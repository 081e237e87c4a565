package dev.portcullis.admin;

import com.google.inject.Module;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.inject.PortcullisPlugin;

/** Contributes the admin surface to any node that has this jar on its class path. Stateless. */
public final class AdminPlugin implements PortcullisPlugin {

  @Override
  public Module module(PortcullisConfig config) {
    return new AdminModule(config);
  }
}
