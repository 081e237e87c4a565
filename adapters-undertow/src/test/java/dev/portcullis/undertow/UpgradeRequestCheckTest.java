package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpgradeRequestCheckTest {

  @Test
  void acceptsOnlyKeysThatAreBase64Of16Bytes() {
    assertThat(UpgradeRequestCheck.validKey("dGhlIHNhbXBsZSBub25jZQ==")).isTrue();
    assertThat(UpgradeRequestCheck.validKey("dGhlIHNhbXBsZSBub25jZQ")).isFalse();
    assertThat(UpgradeRequestCheck.validKey("AAAAAAAAAAAAAAAAAAAAAAAA")).isFalse(); // 18 bytes
    assertThat(UpgradeRequestCheck.validKey("dGhlIHNhbXBsZSBub25jZQ=!")).isFalse();
    assertThat(UpgradeRequestCheck.validKey(null)).isFalse();
  }
}
