package dev.portcullis.testkit.e2e;

import static dev.portcullis.testkit.e2e.Wire.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testkit.PortcullisServer;
import dev.portcullis.testkit.RawHandshake;
import dev.portcullis.testkit.RawResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTRACT §3's first rule, checked before any policy: only RFC 6455 version 13 is upgraded; other
 * versions get {@code 426} with {@code Sec-WebSocket-Version: 13}, older drafts {@code 400}
 * (catalogue HS-06, HS-07).
 */
class ProtocolVersionIT {

  static final String SECRET = "protocol-version-it-secret-long-enough!!!";

  @RegisterExtension
  static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET));

  @ParameterizedTest(name = "Sec-WebSocket-Version {0} gets 426")
  @ValueSource(strings = {"8", "7", "12", "99"})
  void anotherVersionIsAnswered426WithTheVersionWeSpeak(String version) {
    RawResponse response = request().replaceHeader("Sec-WebSocket-Version", version).send();
    assertThat(response.status()).isEqualTo(426);
    assertThat(response.headers("Sec-WebSocket-Version")).containsExactly("13");
  }

  @Test
  void aMissingVersionIsAnswered426WithTheVersionWeSpeak() {
    RawResponse response = request().withoutHeader("Sec-WebSocket-Version").send();
    assertThat(response.status()).isEqualTo(426);
    assertThat(response.headers("Sec-WebSocket-Version")).containsExactly("13");
  }

  @Test
  void aHixie76HandshakeIsAnswered400() {
    RawResponse response = request().withoutHeader("Sec-WebSocket-Version").withoutHeader("Sec-WebSocket-Key")
        .header("Sec-WebSocket-Key1", "4 @1  46546xW%0l 1 5").header("Sec-WebSocket-Key2", "12998 5 Y3 1  .P00")
        .send();
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.upgraded()).isFalse();
  }

  @Test
  void aVersion13RequestWithAValidTokenIsUpgradedWithTheRfc6455Accept() {
    RawHandshake request = request().replaceHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    RawResponse response = request.send();
    assertThat(response.status()).isEqualTo(101);
    // RFC 6455 §1.3's worked example
    assertThat(response.headers("Sec-WebSocket-Accept")).containsExactly("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void aPostWithUpgradeHeadersIsNotUpgraded() {
    assertRefused(request().method("POST").send(), 405, "method_not_allowed");
  }

  private static RawHandshake request() {
    return RawHandshake.to(server.uri()).from(Peers.next()).bearer(server.minter().subject("hal").mint());
  }
}
