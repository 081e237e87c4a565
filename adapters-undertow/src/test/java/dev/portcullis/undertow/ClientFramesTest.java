package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
  void escapesTheRefAsAJsonStringSoAHostileIdCannotAddKeys() throws Exception {
    String hostile = "a\",\"admin\":true,\"x\":\"\\\n\u2028</script>";
    String frame = ClientFrames.error("duplicate_id", hostile);
    JsonNode parsed = new ObjectMapper().readTree(frame);
    assertThat(parsed.size()).isEqualTo(4);
    assertThat(parsed.path("ref").asText()).isEqualTo(hostile);
    assertThat(frame).doesNotContain("\n");
  }
}
