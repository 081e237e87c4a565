package dev.portcullis.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import dev.portcullis.core.config.ConfigurationException;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.core.inject.PortcullisPlugin;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.AuthResult;
import java.time.Clock;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Assembly: the plugin is found by ServiceLoader and binds one authenticator for the node. */
class JwtModuleTest {

  private static Injector injector(PortcullisConfig config) {
    PortcullisPlugin plugin = ServiceLoader.load(PortcullisPlugin.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p instanceof JwtPlugin)
        .findFirst().orElseThrow();
    return Guice.createInjector(Stage.DEVELOPMENT, new PortcullisModule(config), plugin.module(config));
  }

  @Test
  void bindsOneJjwtAuthenticatorAsTheAuthPort() {
    Injector injector = injector(PortcullisConfig.builder().jwtSecret(Tokens.SECRET).build());

    AuthPort auth = injector.getInstance(AuthPort.class);

    assertThat(auth).isInstanceOf(JjwtAuthenticator.class).isSameAs(injector.getInstance(AuthPort.class));
    String token = Tokens.hs256(injector.getInstance(Clock.class).instant());
    assertThat(auth.authenticate(new BearerToken(token, BearerToken.Carrier.HEADER)))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void surfacesABadPublicKeyAsAConfigurationError() {
    Injector injector = injector(PortcullisConfig.builder().jwtPublicKeyPem("garbage").build());

    assertThatThrownBy(() -> injector.getInstance(AuthPort.class))
        .isInstanceOf(ProvisionException.class)
        .hasRootCauseInstanceOf(ConfigurationException.class)
        .rootCause().hasMessageContaining("WS_JWT_PUBLIC_KEY=<pem>").hasMessageNotContaining("garbage");
  }
}
