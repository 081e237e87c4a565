package dev.portcullis.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

  @Test
  void toStringHidesTheValue() {
    Secret secret = new Secret("correct horse battery staple");

    assertThat(secret.toString()).isEqualTo("Secret[redacted]").doesNotContain("horse");
    assertThat(String.valueOf(new JwtConfigHolder(secret))).doesNotContain("horse");
  }

  @Test
  void theLengthIsCountedInUtf8Bytes() {
    assertThat(new Secret("abc").byteLength()).isEqualTo(3);
    assertThat(new Secret("äbc").byteLength()).isEqualTo(4);
  }

  /** A record holding a secret prints it through the secret's own toString. */
  private record JwtConfigHolder(Secret secret) {}
}
