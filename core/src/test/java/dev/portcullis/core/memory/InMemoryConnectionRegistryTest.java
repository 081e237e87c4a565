package dev.portcullis.core.memory;

import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.ConnectionRegistryContract;
import dev.portcullis.core.testing.MutableClock;

class InMemoryConnectionRegistryTest extends ConnectionRegistryContract {

  @Override
  protected ConnectionRegistry newRegistry(MutableClock clock) {
    return new InMemoryConnectionRegistry();
  }
}
