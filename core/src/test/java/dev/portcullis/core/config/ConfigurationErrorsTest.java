package dev.portcullis.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** A bad value stops start-up with a message naming the variable, its value and the rule (CONTRACT §1). */
class ConfigurationErrorsTest {

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("WS_PORT", "abc", "must be a whole number"),
        Arguments.of("WS_PORT", "70000", "must be less than or equal to 65535"),
        Arguments.of("WS_PROFILE", "staging", "must be one of production, development"),
        Arguments.of("WS_BLOCK_DURATION", "-5", "must be a number of seconds, 0 or more"),
        Arguments.of("WS_REPLAY_WINDOW", "-1", "must be a number of seconds, 0 or more"),
        Arguments.of("WS_REQUIRE_AUTH", "yes", "must be true or false"),
        Arguments.of("WS_ALLOWLIST", "10.0.0.0/33", "has a prefix longer than 32 bits"),
        Arguments.of("WS_TRUSTED_PROXIES", "10.0.0/8", "is not an IP address"),
        Arguments.of("WS_ADMIN_ALLOWED_IPS", "10.0.0.0/x", "has no valid prefix length"),
        Arguments.of("WS_ALLOWED_ORIGINS", "https://app.example.com/path", "is not an origin such as"),
        Arguments.of("WS_MESSAGE_RATE_OVERRIDES", "chat=fast", "each entry must read type=rate/burst"),
        Arguments.of("WS_MESSAGE_RATE_OVERRIDES", "chat=0/10", "a rate must be a positive number per second"),
        Arguments.of("WS_JWT_ALGORITHMS", "HS999", "'HS999' is not one of"),
        Arguments.of("WS_JWT_ALGORITHMS", "none", "'none' is not one of"),
        Arguments.of("WS_MAX_FAILED_AUTH", "0", "must be greater than or equal to 1"),
        Arguments.of("WS_STATE", "etcd", "must be one of memory, redis"),
        Arguments.of("WS_REDIS_TIMEOUT", "2", "must be at least 10 ms (the value is in milliseconds)"),
        Arguments.of("WS_REDIS_TIMEOUT", "60000", "must be at most 10000 ms"),
        Arguments.of("WS_REDIS_TIMEOUT", "0.5", "must be a whole number"),
        Arguments.of("WS_REDIS_BREAKER_WAIT", "5", "must be at least 100 ms"),
        Arguments.of("WS_REDIS_LEASE_TTL", "1", "must be at least 3 seconds"),
        Arguments.of("WS_REDIS_REPLAY", "everywhere", "must be one of local, shared"),
        Arguments.of("WS_REDIS_KEY_PREFIX", "fleet{a}", "must be 1 to 32 of"),
        Arguments.of("WS_REDIS_TLS_CA_FILE", "/nonexistent/ca.pem", "needs a TLS URL in WS_REDIS_URL"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void aBadValueIsRefusedNamingTheVariableShowingTheValueAndStatingTheRule(String variable, String value,
      String rule) {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(Environments.minimalWith(variable, value)));

    assertThat(e).as("no exception for %s=%s", variable, value).isNotNull();
    assertThat(e.violations()).extracting(ConfigViolation::variable).containsExactly(variable);
    assertThat(e.getMessage()).contains(variable + "=" + value + ": ").contains(rule);
  }

  @Test
  void anUnreadableRedisCaFileIsRefusedWithATlsUrl() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(Environments.minimalWith(
            "WS_REDIS_URL", "rediss://redis.internal:6380", "WS_REDIS_TLS_CA_FILE", "/nonexistent/ca.pem")));

    assertThat(e.violations()).extracting(ConfigViolation::variable).containsExactly("WS_REDIS_TLS_CA_FILE");
    assertThat(e.getMessage()).contains("WS_REDIS_TLS_CA_FILE=/nonexistent/ca.pem: must be a readable PEM file");
  }

  @Test
  void everyBadRedisSettingIsReportedAtOnceByItsVariable() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(Environments.minimalWith("WS_STATE", "redis",
            "WS_REDIS_TIMEOUT", "5", "WS_REDIS_LEASE_TTL", "abc", "WS_REDIS_KEY_PREFIX", "a b")));

    assertThat(e.violations()).extracting(ConfigViolation::variable)
        .containsExactlyInAnyOrder("WS_REDIS_TIMEOUT", "WS_REDIS_LEASE_TTL", "WS_REDIS_KEY_PREFIX");
  }

  @Test
  void aRedisTimeoutSetInCodeIsShownInMilliseconds() {
    assertThatThrownBy(() -> PortcullisConfig.builder().jwtSecret(Environments.SECRET_32)
        .redisTimeout(java.time.Duration.ofMillis(5)).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WS_REDIS_TIMEOUT=5 ms: must be at least 10 ms");
  }

  @Test
  void aForwardedHeaderThatIsNeitherOfTheTwoIsRefused() {
    assertThatThrownBy(() -> PortcullisConfig.fromEnvironment(Environments.minimalWith("WS_FORWARDED_HEADER", "X-Real-IP")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WS_FORWARDED_HEADER=X-Real-IP: must be x-forwarded-for or forwarded");
  }

  @Test
  void anAdminPortEqualToTheWebSocketPortIsRefusedAndOneOutOfRangeToo() {
    assertThatThrownBy(() -> PortcullisConfig.fromEnvironment(Environments.minimalWith(
        "WS_PORT", "8350", "WS_ADMIN_PORT", "8350")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WS_ADMIN_PORT=8350: must differ from WS_PORT");
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(Environments.minimalWith("WS_ADMIN_PORT", "70000")));
    assertThat(e.violations()).extracting(ConfigViolation::variable).containsExactly("WS_ADMIN_PORT");
  }

  @Test
  void anHmacAlgorithmWithAPublicKeyIsRefusedAsNotFittingTheKey() {
    Map<String, String> env = Environments.only(
        "WS_JWT_PUBLIC_KEY", Environments.PUBLIC_KEY_PEM, "WS_JWT_ALGORITHMS", "HS256");

    assertThatThrownBy(() -> PortcullisConfig.fromEnvironment(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WS_JWT_ALGORITHMS=HS256: 'HS256' does not fit the configured key");
  }

  @Test
  void anAsymmetricAlgorithmWithAnHmacSecretIsRefusedAsNotFittingTheKey() {
    assertThatThrownBy(() -> PortcullisConfig.fromEnvironment(Environments.minimalWith("WS_JWT_ALGORITHMS", "RS256")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WS_JWT_ALGORITHMS=RS256: 'RS256' does not fit the configured key");
  }

  @Test
  void severalBadValuesAreAllReportedInOneException() {
    Map<String, String> env = Environments.minimalWith(
        "WS_PORT", "abc",
        "WS_PROFILE", "staging",
        "WS_MAX_FAILED_AUTH", "0",
        "WS_ALLOWED_ORIGINS", "ftp://files.example.com",
        "WS_HEARTBEAT_TIMEOUT", "10");

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(env));

    assertThat(e.violations()).extracting(ConfigViolation::variable).containsExactlyInAnyOrder(
        "WS_PORT", "WS_PROFILE", "WS_MAX_FAILED_AUTH", "WS_ALLOWED_ORIGINS", "WS_HEARTBEAT_TIMEOUT");
    assertThat(e.getMessage())
        .startsWith("Portcullis cannot start: 5 configuration errors")
        .contains("WS_PORT=abc", "WS_PROFILE=staging", "WS_MAX_FAILED_AUTH=0",
            "WS_ALLOWED_ORIGINS=ftp://files.example.com", "WS_HEARTBEAT_TIMEOUT=10: must be longer than");
    assertThat(e.getMessage().lines()).hasSize(6);
  }

  @Test
  void secretsAppearInTheMessageOnlyAsTheirLength() {
    String shortSecret = "short-hmac-secret-value";
    String redisUrl = "http://user:hunter2@redis.internal:6379";
    String adminToken = "the-admin-token-nobody-may-read";
    Map<String, String> env = Environments.only(
        "WS_JWT_SECRET", shortSecret,
        "WS_REDIS_URL", redisUrl,
        "WS_ADMIN_TOKEN", adminToken,
        "WS_JWKS_URL", "https://clerk.example.com/jwks",
        "WS_PORT", "abc");

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(env));

    assertThat(e.getMessage())
        .contains("WS_JWT_SECRET=<secret, " + shortSecret.length() + " chars>: must be at least 256 bits")
        .contains("WS_JWT_SECRET=<secret, " + shortSecret.length() + " chars>: set only one of")
        .contains("WS_REDIS_URL=<secret, " + redisUrl.length() + " chars>: must be a redis://")
        .doesNotContain(shortSecret, "hunter2", adminToken);
    assertThat(e.violations()).allSatisfy(v ->
        assertThat(v.value()).doesNotContain(shortSecret, "hunter2", adminToken));
  }

  @Test
  void aSecretGivenToTheBuilderAppearsOnlyAsItsLengthInBytes() {
    PortcullisConfig.Builder builder = PortcullisConfig.builder().jwtSecret("builder-secret");

    assertThatThrownBy(builder::build)
        .hasMessageContaining("WS_JWT_SECRET=<secret, 14 bytes>: must be at least 256 bits")
        .message().doesNotContain("builder-secret");
  }

  @Test
  void aBadBuilderValueIsReportedUnderItsVariableWithTheValueItWasGiven() {
    PortcullisConfig.Builder builder = PortcullisConfig.builder().jwtSecret(Environments.SECRET_32).port(70000)
        .blockDuration(java.time.Duration.ZERO);

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, builder::build);

    assertThat(e.getMessage())
        .contains("WS_PORT=70000: must be less than or equal to 65535")
        .contains("WS_BLOCK_DURATION=0: ");
  }

  @Test
  void theExceptionCarriesNoStackTrace() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(Environments.minimalWith("WS_PORT", "abc")));

    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e.getCause()).isNull();
    assertThat(e.getSuppressed()).isEmpty();
  }
}
