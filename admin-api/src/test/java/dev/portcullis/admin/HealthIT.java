package dev.portcullis.admin;

import static dev.portcullis.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.portcullis.core.port.HealthCheck;
import dev.portcullis.testkit.PortcullisServer;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /health} reports each dependency and answers 503 when one is not ready. */
class HealthIT {

  private static final AtomicBoolean CACHE_READY = new AtomicBoolean(true);

  @RegisterExtension
  static PortcullisServer server = AdminNodes.server().module(new AbstractModule() {
    @Override
    protected void configure() {
      Multibinder<HealthCheck> checks = Multibinder.newSetBinder(binder(), HealthCheck.class);
      checks.addBinding().toInstance(check("keys", () -> new HealthCheck.Status(true, "fresh")));
      checks.addBinding().toInstance(check("cache", () -> new HealthCheck.Status(CACHE_READY.get(),
          CACHE_READY.get() ? "connected" : "unreachable")));
      checks.addBinding().toInstance(check("broken", () -> {
        throw new IllegalStateException("secret internal detail");
      }));
    }
  });

  private static HealthCheck check(String name, java.util.function.Supplier<HealthCheck.Status> status) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Status check() {
        return status.get();
      }
    };
  }

  @Test
  void answers503WithEachDependencyWhenOneIsNotReady() {
    CACHE_READY.set(false);
    HttpResponse<String> answer = AdminClient.of(server.port(), "198.51.100.40").get("/health"); // an operator
    assertThat(answer.statusCode()).isEqualTo(503);
    JsonNode health = json(answer);
    assertThat(health.get("status").asText()).isEqualTo("degraded");
    assertThat(health.get("live").asBoolean()).isTrue();
    assertThat(health.get("ready").asBoolean()).isFalse();
    assertThat(health.at("/checks/keys/ready").asBoolean()).isTrue();
    assertThat(health.at("/checks/keys/detail").asText()).isEqualTo("fresh");
    assertThat(health.at("/checks/cache/ready").asBoolean()).isFalse();
    assertThat(health.at("/checks/cache/detail").asText()).isEqualTo("unreachable");
    assertThat(health.at("/checks/broken/detail").asText()).isEqualTo("check_failed");
    assertThat(answer.body()).doesNotContain("secret internal detail");
  }

  @Test
  void tellsAnyoneElseOnlyWhetherEachDependencyIsReady() {
    CACHE_READY.set(false);
    HttpResponse<String> answer = AdminClient.of(server.port(), AdminNodes.OUTSIDER).get("/health");
    assertThat(answer.statusCode()).isEqualTo(503);
    JsonNode health = json(answer);
    assertThat(health.get("status").asText()).isEqualTo("degraded");
    assertThat(health.at("/checks/keys/detail").asText()).isEqualTo("ready");
    assertThat(health.at("/checks/cache/ready").asBoolean()).isFalse();
    assertThat(health.at("/checks/cache/detail").asText()).isEqualTo("not_ready");
    assertThat(answer.body()).doesNotContain("unreachable", "fresh");
  }
}
