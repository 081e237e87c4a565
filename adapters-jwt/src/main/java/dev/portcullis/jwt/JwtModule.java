package dev.portcullis.jwt;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.HealthCheck;
import java.time.Clock;

/**
 * Binds {@link AuthPort} to one {@link JjwtAuthenticator}, built from the bound {@link AuthConfig} and
 * {@link Clock} (both bound by the core module), and reports its keys in {@code /health}. Stateless.
 */
public final class JwtModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(AuthPort.class).to(JjwtAuthenticator.class);
    Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(KeyHealth.class);
  }

  @Provides @Singleton
  JjwtAuthenticator authenticator(AuthConfig config, Clock clock) {
    return new JjwtAuthenticator(config, clock);
  }

  @Provides @Singleton
  KeyHealth keyHealth(JjwtAuthenticator authenticator) {
    return new KeyHealth(authenticator);
  }
}
