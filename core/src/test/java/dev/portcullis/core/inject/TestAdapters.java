package dev.portcullis.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.Transport;

/** What the real adapters bind and the core does not: a transport and an authenticator. */
final class TestAdapters extends AbstractModule {

  @Override
  protected void configure() {
    bind(Transport.class).to(TestTransport.class);
    bind(TestTransport.class).in(Singleton.class);
    bind(AuthPort.class).to(TestAuthPort.class);
  }
}
