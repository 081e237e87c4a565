package dev.portcullis.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules that tie authentication settings together: profile and bypass, keys, algorithms. */
class AuthConfigRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"WS_AUTH_BYPASS", "DEV_WS_AUTH_BYPASS"})
  void productionRefusesABypassNamingTheSwitchThatWasSet(String variable) {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(Map.of(variable, "true")));

    assertThat(e.violations()).extracting(ConfigViolation::variable).containsExactly(variable);
    assertThat(e.getMessage()).contains(variable + "=true: must be false under WS_PROFILE=production");
  }

  @Test
  void productionRefusesBothBypassSwitchesWhenBothAreSet() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(Map.of("WS_AUTH_BYPASS", "true", "DEV_WS_AUTH_BYPASS", "True")));

    assertThat(e.violations()).extracting(ConfigViolation::variable)
        .containsExactlyInAnyOrder("WS_AUTH_BYPASS", "DEV_WS_AUTH_BYPASS");
  }

  @Test
  void productionRefusesABypassTurnedOnThroughTheBuilder() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.builder().authBypass(true).build());

    assertThat(e.violations()).extracting(ConfigViolation::variable).containsExactly("WS_AUTH_BYPASS");
  }

  @ParameterizedTest
  @ValueSource(strings = {"WS_AUTH_BYPASS", "DEV_WS_AUTH_BYPASS"})
  void developmentAllowsABypassWithoutAnyKeySource(String variable) {
    PortcullisConfig config = PortcullisConfig.fromEnvironment(Map.of("WS_PROFILE", "development", variable, "true"));

    assertThat(config.auth().bypass()).isTrue();
    assertThat(config.auth().jwt().keySources()).isZero();
  }

  @Test
  void anHmacSecretOf31BytesIsRefused() {
    String secret = Environments.SECRET_32.substring(1);

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(Map.of("WS_JWT_SECRET", secret)));

    assertThat(e.violations()).singleElement().satisfies(v -> {
      assertThat(v.variable()).isEqualTo("WS_JWT_SECRET");
      assertThat(v.value()).isEqualTo("<secret, 31 chars>");
      assertThat(v.rule()).isEqualTo("must be at least 256 bits (32 bytes) for HMAC");
    });
  }

  @Test
  void anHmacSecretOf32BytesIsAccepted() {
    assertThatCode(() -> PortcullisConfig.fromEnvironment(Map.of("WS_JWT_SECRET", Environments.SECRET_32)))
        .doesNotThrowAnyException();
  }

  @Test
  void anHmacSecretIsMeasuredInBytesNotCharacters() {
    String sixteenTwoByteChars = "é".repeat(16);

    PortcullisConfig config = PortcullisConfig.fromEnvironment(Map.of("WS_JWT_SECRET", sixteenTwoByteChars));

    assertThat(config.auth().jwt().secret().byteLength()).isEqualTo(32);
  }

  @Test
  void requiredAuthenticationWithoutAKeySourceIsRefused() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(Map.of("WS_REQUIRE_AUTH", "true")));

    assertThat(e.getMessage()).contains(
        "WS_JWT_SECRET=<unset>: one of WS_JWT_SECRET, WS_JWT_PUBLIC_KEY or WS_JWKS_URL must be set while WS_REQUIRE_AUTH=true");
  }

  @Test
  void optionalAuthenticationNeedsNoKeySource() {
    assertThatCode(() -> PortcullisConfig.fromEnvironment(Map.of("WS_REQUIRE_AUTH", "false")))
        .doesNotThrowAnyException();
  }

  @Test
  void twoKeySourcesAreRefused() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(Map.of(
            "WS_JWT_SECRET", Environments.SECRET_32, "WS_JWKS_URL", "https://clerk.example.com/jwks")));

    assertThat(e.violations()).singleElement().satisfies(v -> {
      assertThat(v.variable()).isEqualTo("WS_JWT_SECRET");
      assertThat(v.rule()).startsWith("set only one of WS_JWT_SECRET, WS_JWT_PUBLIC_KEY and WS_JWKS_URL");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://127.0.0.1:8080/jwks", "http://localhost/.well-known/jwks.json", "http://[::1]:9000/jwks",
      "http://127.8.9.10/jwks", "https://clerk.example.com/.well-known/jwks.json"})
  void aJwksUrlIsAcceptedOverHttpsOrOverPlainHttpToLoopback(String url) {
    PortcullisConfig config = PortcullisConfig.fromEnvironment(Map.of("WS_JWKS_URL", url));

    assertThat(config.auth().jwt().jwksUrl()).isEqualTo(URI.create(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://keys.example.com/jwks", "http://10.0.0.5/jwks", "http://localhost.evil.com/jwks"})
  void aPlainHttpJwksUrlToAnyOtherHostIsRefused(String url) {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(Map.of("WS_JWKS_URL", url)));

    assertThat(e.getMessage()).contains("WS_JWKS_URL=" + url + ": must use https://");
  }

  @Test
  void aJwksUrlThatIsNotHttpAtAllIsRefused() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PortcullisConfig.fromEnvironment(Map.of("WS_JWKS_URL", "ftp://keys.example.com/jwks")));

    assertThat(e.violations()).extracting(ConfigViolation::variable).contains("WS_JWKS_URL");
  }

  @Test
  void anAsymmetricAlgorithmFitsAJwksUrl() {
    PortcullisConfig config = PortcullisConfig.fromEnvironment(
        Map.of("WS_JWKS_URL", "https://clerk.example.com/jwks", "WS_JWT_ALGORITHMS", "RS256,ES256,EdDSA"));

    assertThat(config.auth().jwt().algorithms()).containsExactlyInAnyOrder("RS256", "ES256", "EdDSA");
  }
}
