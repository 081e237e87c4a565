package dev.portcullis.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginTest {

  @ParameterizedTest
  @CsvSource({
      "HTTPS://App.Example.COM,            https://app.example.com",
      "https://app.example.com:443,        https://app.example.com",
      "http://app.example.com:80,          http://app.example.com",
      "https://app.example.com:8443,       https://app.example.com:8443",
      "http://app.example.com:443,         http://app.example.com:443",
      "' https://app.example.com ',        https://app.example.com",
      "http://127.0.0.1:3000,              http://127.0.0.1:3000",
      "http://[::1]:8080,                  http://[::1]:8080"})
  void normalisesCaseAndDefaultPorts(String written, String normal) {
    assertThat(Origin.normalize(written)).isEqualTo(normal);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://app.example.com/", "https://app.example.com/path", "https://app.example.com?x=1",
      "https://app.example.com#top", "https://user@app.example.com", "null", "file:///etc/passwd",
      "ws://app.example.com", "app.example.com", "https://", "https://exa mple.com", ""})
  void refusesAnythingButASchemeAHostAndAPort(String text) {
    assertThatThrownBy(() -> Origin.normalize(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an origin such as https://app.example.com");
    assertThat(Origin.normalizeOrNull(text)).isNull();
  }

  @Test
  void theNullOriginOfSandboxedPagesIsNoOrigin() {
    assertThat(Origin.normalizeOrNull("null")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://app.example.com.evil.com", "https://evilapp.example.com", "https://app.example.co",
      "http://app.example.com", "https://app.example.com:444", "https://app-example.com"})
  void lookalikesNeverNormaliseToTheRealOrigin(String lookalike) {
    String real = Origin.normalize("https://app.example.com");

    assertThat(Origin.normalizeOrNull(lookalike)).isNotNull().isNotEqualTo(real);
  }
}
