package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GuardedSessionTest {

  @Test
  void keepsAShortCloseReasonAsItIs() {
    assertThat(GuardedSession.fit("queue_full")).isEqualTo("queue_full");
  }

  @Test
  void cutsACloseReasonTo123BytesWithoutSplittingACharacter() {
    String fitted = GuardedSession.fit("é".repeat(100)); // 200 bytes
    assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
    assertThat(fitted).isEqualTo("é".repeat(61));
    String emoji = GuardedSession.fit("😀".repeat(40)); // 4 bytes and two chars each
    assertThat(emoji.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
    assertThat(emoji).isEqualTo("😀".repeat(30));
  }

  @Test
  void sendsOnlyTheCloseCodesRfc6455Allows() {
    assertThat(CloseCodes.sendable(1000)).isTrue();
    assertThat(CloseCodes.sendable(1013)).isTrue();
    assertThat(CloseCodes.sendable(4000)).isTrue();
    for (int code : new int[] {999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
      assertThat(CloseCodes.sendable(code)).as("code %d", code).isFalse();
    }
  }
}
