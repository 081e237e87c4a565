package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.engine.HandshakePipeline;
import dev.portcullis.core.engine.MessagePipeline;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.policy.MessagePolicy;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.AuthResult;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoliciesModuleTest {

  @Test
  void bothPipelinesRunTheBuiltInPoliciesInTheirDocumentedOrder() {
    PortcullisConfig config = PortcullisConfig.builder().jwtSecret("s".repeat(32)).build();
    Injector injector = Guice.createInjector(new PortcullisModule(config), new PoliciesModule(),
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
        });
    HandshakePipeline pipeline = injector.getInstance(HandshakePipeline.class);
    MessagePipeline messages = injector.getInstance(MessagePipeline.class);

    assertThat(messages.policies()).extracting(MessagePolicy::id).extracting(Object::toString).containsExactly(
        "message-rate", "envelope", "honeypot", "message-type", "type-rate", "timestamp", "replay", "payload-schema");
    assertThat(pipeline.policies()).extracting(ConnectionPolicy::id).extracting(Object::toString).containsExactly(
        "block-list", "origin", "capacity", "connection-rate", "address-concurrency", "authentication", "subject-block",
        "user-limit");
  }
}
