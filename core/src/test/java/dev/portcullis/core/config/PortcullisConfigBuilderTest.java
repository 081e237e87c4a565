package dev.portcullis.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.core.model.CidrSet;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The programmatic side: defaults that follow other values, {@code toBuilder()}, and what a config prints. */
class PortcullisConfigBuilderTest {

  @Test
  void theMessageBurstFollowsTheMessageRateWhenUnset() {
    PortcullisConfig fromEnvironment =
        PortcullisConfig.fromEnvironment(Environments.minimalWith("WS_MAX_MESSAGES_PER_SECOND", "40"));
    PortcullisConfig fromBuilder =
        PortcullisConfig.builder().jwtSecret(Environments.SECRET_32).maxMessagesPerSecond(7).build();

    assertThat(fromEnvironment.messages().burst()).isEqualTo(40);
    assertThat(fromBuilder.messages().burst()).isEqualTo(7);
  }

  @Test
  void anExplicitMessageBurstWinsOverTheRate() {
    PortcullisConfig config = PortcullisConfig.fromEnvironment(
        Environments.minimalWith("WS_MAX_MESSAGES_PER_SECOND", "40", "WS_MESSAGE_BURST", "5"));

    assertThat(config.messages().maxPerSecond()).isEqualTo(40);
    assertThat(config.messages().burst()).isEqualTo(5);
  }

  @Test
  void toBuilderRebuildsAnEqualConfiguration() {
    PortcullisConfig original = PortcullisConfig.fromEnvironment(Environments.minimalWith(
        "WS_PORT", "9000",
        "WS_MESSAGE_BURST", "300",
        "WS_MESSAGE_RATE_OVERRIDES", "chat=5/10",
        "WS_ALLOWLIST", "10.0.0.0/8",
        "WS_ALLOWED_ORIGINS", "https://app.example.com",
        "WS_ADMIN_TOKEN", "admin-token",
        "WS_DRY_RUN", "origin",
        "WS_LOG_FORMAT", "json"));

    PortcullisConfig rebuilt = original.toBuilder().build();

    assertThat(rebuilt).isEqualTo(original);
  }

  @Test
  void toBuilderChangesOnlyWhatIsSetAgain() {
    PortcullisConfig original = PortcullisConfig.fromEnvironment(Environments.minimalWith("WS_PORT", "9000"));

    PortcullisConfig changed = original.toBuilder().port(9001).build();

    assertThat(changed.server().port()).isEqualTo(9001);
    assertThat(changed.toBuilder().port(9000).build()).isEqualTo(original);
  }

  @Test
  void anOriginGivenToTheBuilderMustBeInItsNormalForm() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.builder().jwtSecret(Environments.SECRET_32)
            .allowedOrigins(Set.of("https://App.Example.com:443")).build());

    assertThat(e.violations()).singleElement().satisfies(v -> {
      assertThat(v.variable()).isEqualTo("WS_ALLOWED_ORIGINS");
      assertThat(v.rule()).contains("https://app.example.com");
    });
  }

  @Test
  void anOriginWithAPathGivenToTheBuilderIsRefused() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.builder().jwtSecret(Environments.SECRET_32)
            .allowedOrigins(Set.of("https://app.example.com/")).build());

    assertThat(e.violations()).extracting(ConfigViolation::variable).containsExactly("WS_ALLOWED_ORIGINS");
  }

  @Test
  void printingAConfigurationNeverShowsASecret() {
    PortcullisConfig config = PortcullisConfig.builder()
        .jwtSecret("jwt-secret-jwt-secret-jwt-secret-1")
        .adminToken("admin-token-value")
        .redisUrl("redis://:redis-password@redis.internal:6379")
        .allowlist(CidrSet.parse("10.0.0.0/8"))
        .replayWindow(Duration.ofSeconds(60))
        .messageRateOverrides(Map.of("chat", new RateSpec(1, 2)))
        .build();

    assertThat(config.toString())
        .doesNotContain("jwt-secret-jwt-secret", "admin-token-value", "redis-password")
        .contains("Secret[redacted]");
  }
}
