package dev.portcullis.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.model.CidrSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CONTRACT §1, column "default": what a node runs with when the environment says nothing. */
class PortcullisConfigDefaultsTest {

  private final PortcullisConfig config = PortcullisConfig.fromEnvironment(Environments.minimal());

  @Test
  void anEmptyEnvironmentIsRefusedOnlyBecauseTheRequiredAuthenticationHasNoKeySource() {
    assertThatThrownBy(() -> PortcullisConfig.fromEnvironment(Map.of()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.violations()).hasSize(1);
          assertThat(e.violations().get(0).variable()).isEqualTo("WS_JWT_SECRET");
          assertThat(e.violations().get(0).value()).isEqualTo("<unset>");
          assertThat(e.violations().get(0).rule()).contains("WS_REQUIRE_AUTH=true");
        });
  }

  @Test
  void theServerListensOnAllInterfacesAtPort8350UnderWsWithoutTls() {
    assertThat(config.profile()).isEqualTo(Profile.PRODUCTION);
    assertThat(config.server().host()).isEqualTo("0.0.0.0");
    assertThat(config.server().port()).isEqualTo(8350);
    assertThat(config.server().path()).isEqualTo("/ws");
    assertThat(config.server().handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.server().tlsCertFile()).isNull();
    assertThat(config.server().tlsKeyFile()).isNull();
    assertThat(config.server().tls()).isFalse();
    assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void connectionLimitsAndLifetimesHaveTheContractDefaults() {
    ConnectionConfig c = config.connections();
    assertThat(c.maxAttemptsPerAddress()).isEqualTo(10);
    assertThat(ConnectionConfig.ATTEMPT_WINDOW).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.maxConcurrentPerAddress()).isEqualTo(50);
    assertThat(c.maxPerUser()).isEqualTo(20);
    assertThat(c.maxTotal()).isEqualTo(1000);
    assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(3600));
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void messageLimitsHaveTheContractDefaultsAndTheSeedsTypeList() {
    MessageConfig m = config.messages();
    assertThat(m.maxPerSecond()).isEqualTo(100);
    assertThat(m.burst()).isEqualTo(100);
    assertThat(m.rateOverrides()).isEmpty();
    assertThat(m.maxBytesPerSecond()).isZero();
    assertThat(m.honeypotTypes()).isEmpty();
    assertThat(m.maxMessageSize()).isEqualTo(1_048_576);
    assertThat(m.compression()).isFalse();
    assertThat(m.allowBinary()).isFalse();
    assertThat(m.maxQueueSize()).isEqualTo(1000);
    assertThat(m.replayWindow()).isEqualTo(Duration.ofSeconds(300));
    assertThat(m.allowedTypes()).containsExactlyInAnyOrder(
        "heartbeat", "ack", "error", "transport", "plugin", "track", "project", "collaboration",
        "ai_suggestion", "parameter_batch", "dj_control", "automation", "file_operation", "daid_request");
  }

  @Test
  void authenticationIsRequiredWithoutBypassAndWithTheContractTimings() {
    AuthConfig a = config.auth();
    assertThat(a.requireAuth()).isTrue();
    assertThat(a.authTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(a.tokenCacheTtl()).isEqualTo(Duration.ofSeconds(300));
    assertThat(a.bypass()).isFalse();
    assertThat(a.devUserId()).isEqualTo("local-dev");
  }

  @Test
  void tokenVerificationHasNoClaimRequirementsAndThirtySecondsOfSkew() {
    JwtConfig j = PortcullisConfig.fromEnvironment(Map.of("WS_REQUIRE_AUTH", "false")).auth().jwt();
    assertThat(j.secret()).isNull();
    assertThat(j.publicKeyPem()).isNull();
    assertThat(j.jwksUrl()).isNull();
    assertThat(j.keySources()).isZero();
    assertThat(j.issuer()).isNull();
    assertThat(j.audience()).isNull();
    assertThat(j.authorizedParties()).isEmpty();
    assertThat(j.algorithms()).as("empty means: those that fit the key").isEmpty();
    assertThat(j.clockSkew()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void blockingHasTheContractDurationsThresholdsAndNoAllowListOrDryRun() {
    BlockingConfig b = config.blocking();
    assertThat(b.blockDuration()).isEqualTo(Duration.ofSeconds(300));
    assertThat(b.maxBlockDuration()).isEqualTo(Duration.ofSeconds(86_400));
    assertThat(b.maxFailedAuth()).isEqualTo(5);
    assertThat(b.failedAuthWindow()).isEqualTo(Duration.ofSeconds(300));
    assertThat(b.suspiciousThreshold()).isEqualTo(50);
    assertThat(b.allowlist().isEmpty()).isTrue();
    assertThat(b.dryRun()).isEmpty();
  }

  @Test
  void networkTrustsNoProxyAllowsNoExtraOriginAndGroupsIpv6By64Bits() {
    NetworkConfig n = config.network();
    assertThat(n.allowedOrigins()).isEmpty();
    assertThat(n.trustedProxies().isEmpty()).isTrue();
    assertThat(n.ipv6PrefixLength()).isEqualTo(64);
  }

  @Test
  void stateIsInMemoryWithTheLocalRedisUrlAndLocalFailureMode() {
    StateConfig s = config.state();
    assertThat(s.kind()).isEqualTo(StateKind.MEMORY);
    assertThat(s.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(s.failureMode()).isEqualTo(RedisFailureMode.LOCAL);
  }

  @Test
  void redisCallsWaitAtMost200MsLeasesLast15SecondsAndReplayIdsStayOnTheNode() {
    StateConfig s = config.state();
    assertThat(s.redisTimeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(s.redisBreakerWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.redisLeaseTtl()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.redisHeartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.replay()).isEqualTo(RedisReplay.LOCAL);
    assertThat(s.redisKeyPrefix()).isEqualTo("portcullis");
    assertThat(s.redisTlsCaFile()).isNull();
    assertThat(s).isEqualTo(new StateConfig(StateKind.MEMORY, "redis://127.0.0.1:6379", RedisFailureMode.LOCAL));
  }

  @Test
  void adminHasNoStaticTokenTheAdminRoleAndOnlyLoopbackAccess() {
    AdminConfig a = config.admin();
    assertThat(a.token()).isNull();
    assertThat(a.role()).isEqualTo("admin");
    assertThat(a.allowedAddresses()).isEqualTo(CidrSet.parse("127.0.0.1/32,::1/128"));
    assertThat(a.allowedAddresses().toString()).isEqualTo("127.0.0.1/32,0:0:0:0:0:0:0:1/128");
  }
}
