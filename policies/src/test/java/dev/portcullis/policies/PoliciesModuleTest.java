package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.engine.HandshakePipeline;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.AuthResult;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoliciesModuleTest {

  @Test
  void thePipelineRunsTheBuiltInPoliciesInTheContractsOrder() {
    PortcullisConfig config = PortcullisConfig.builder().jwtSecret("s".repeat(32)).build();
    HandshakePipeline pipeline = Guice.createInjector(new PortcullisModule(config), new PoliciesModule(),
        new AbstractModule() {
          @Override
          protected void configure() {
            bind(AuthPort.class).toInstance(new AuthPort() {
              @Override
              public AuthResult authenticate(BearerToken token) {
                return new AuthResult.Rejected(AuthFailure.MALFORMED);
              }

              @Override
              public Optional<Principal> withoutToken() {
                return Optional.empty();
              }
            });
          }
        }).getInstance(HandshakePipeline.class);

    assertThat(pipeline.policies()).extracting(ConnectionPolicy::id).extracting(Object::toString).containsExactly(
        "block-list", "origin", "capacity", "connection-rate", "address-concurrency", "authentication", "user-limit");
  }
}
