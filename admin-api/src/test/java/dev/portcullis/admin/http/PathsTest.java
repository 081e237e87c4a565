package dev.portcullis.admin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathsTest {

  @Test
  void keepsAnEncodedSlashInsideItsSegmentAndDecodesOnce() {
    assertThat(Paths.segments(Paths.pathOf("/admin/blocks/10.0.0.0%2F8?x=1")))
        .containsExactly("admin", "blocks", "10.0.0.0%2F8");
    assertThat(Paths.decode("10.0.0.0%2F8")).isEqualTo("10.0.0.0/8");
    assertThat(Paths.decode("100%2525")).isEqualTo("100%25");
    assertThat(Paths.decode("a+b")).isEqualTo("a+b");
    assertThat(Paths.decode("caf%C3%A9")).isEqualTo("café");
  }

  @Test
  void takesThePathOfAnAbsoluteFormTarget() {
    assertThat(Paths.pathOf("http://node.example:8350/admin/blocks?x")).isEqualTo("/admin/blocks");
  }

  @Test
  void refusesBrokenEscapes() {
    assertThatThrownBy(() -> Paths.decode("%2")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Paths.decode("%zz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Paths.decode("%C3")).isInstanceOf(IllegalArgumentException.class);
  }
}
