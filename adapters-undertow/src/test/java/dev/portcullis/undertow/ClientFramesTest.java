package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientFramesTest {

  @Test
  void writesTheContractsErrorFrame() {
    assertThat(ClientFrames.error("unauthenticated", "c1-42"))
        .isEqualTo("{\"type\":\"error\",\"code\":\"unauthenticated\",\"ref\":\"c1-42\",\"message\":\"An error occurred\"}");
    assertThat(ClientFrames.error("unauthenticated", null))
        .isEqualTo("{\"type\":\"error\",\"code\":\"unauthenticated\",\"ref\":null,\"message\":\"An error occurred\"}");
  }

  @Test
  void escapesTheRefAsAJsonString() {
    assertThat(ClientFrames.error("x", "a\"b\\c\n")).contains("\"ref\":\"a\\\"b\\\\c\\n\"");
  }

  @Test
  void readsAnAuthMessage() {
    ClientFrames.Inbound auth = ClientFrames.Inbound.parse("{\"type\":\"auth\",\"token\":\"t\",\"id\":\"a1\"}");
    assertThat(auth.auth()).isTrue();
    assertThat(auth.token()).isEqualTo("t");
    assertThat(auth.id()).isEqualTo("a1");
  }

  @Test
  void keepsOnlyIdsThatAreStringsOfOneTo128Characters() {
    assertThat(ClientFrames.Inbound.parse("{\"id\":\"" + "i".repeat(128) + "\"}").id()).hasSize(128);
    assertThat(ClientFrames.Inbound.parse("{\"id\":\"" + "i".repeat(129) + "\"}").id()).isNull();
    assertThat(ClientFrames.Inbound.parse("{\"id\":\"\"}").id()).isNull();
    assertThat(ClientFrames.Inbound.parse("{\"id\":7}").id()).isNull();
  }

  @Test
  void readsAnythingElseAsANonAuthMessageWithoutId() {
    for (String text : new String[] {"", "null", "[]", "\"auth\"", "{", "{\"type\":\"auth\",\"type\":\"auth\"}",
        "{\"type\":\"AUTH\",\"token\":\"t\"}", "[".repeat(5000)}) {
      ClientFrames.Inbound parsed = ClientFrames.Inbound.parse(text);
      assertThat(parsed.auth()).as(text.length() > 20 ? "deep nesting" : text).isFalse();
      assertThat(parsed.id()).isNull();
    }
  }

  @Test
  void takesAnEmptyOrNonStringTokenAsNoToken() {
    assertThat(ClientFrames.Inbound.parse("{\"type\":\"auth\",\"token\":\"\"}").token()).isNull();
    assertThat(ClientFrames.Inbound.parse("{\"type\":\"auth\",\"token\":{\"a\":1}}").token()).isNull();
  }

  @Test
  void neverShowsTheTokenInItsTextForm() {
    assertThat(ClientFrames.Inbound.parse("{\"type\":\"auth\",\"token\":\"s3cret\"}").toString()).doesNotContain("s3cret");
  }
}
