package dev.portcullis.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only RFC 6455 version 13 upgrades are upgraded; everything else gets an exact, bare JSON answer. */
class UpgradeProtocolIT {

  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void forgetEarlierRequests() {
    server.capture.seen.clear();
    server.handler.clear();
  }

  @Test
  void upgradesAVersion13HandshakeAndEchoesMessages() throws Exception {
    try (WsClient client = WsClient.connect(server.uri())) {
      client.send("{\"hello\":1}");
      assertThat(client.next()).isEqualTo("{\"hello\":1}");
    }
  }

  @Test
  void answersTheUpgradeWithTheRfc6455AcceptKey() throws Exception {
    String key = "dGhlIHNhbXBsZSBub25jZQ==";
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()).with("Sec-WebSocket-Key", key))) {
      RawResponse response = ws.handshake();
      assertThat(response.status()).isEqualTo(101);
      // RFC 6455 §1.3's worked example
      assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      assertThat(response.header("Upgrade")).isEqualToIgnoringCase("websocket");
    }
  }

  @Test
  void refusesAHixie76HandshakeWith400() throws Exception {
    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(server.path())
        .without("Sec-WebSocket-Key").without("Sec-WebSocket-Version")
        .with("Upgrade", "WebSocket")
        .header("Sec-WebSocket-Key1", "4 @1  46546xW%0l 1 5")
        .header("Sec-WebSocket-Key2", "12998 5 Y3 1  .P00")
        .header("Origin", "http://127.0.0.1"));
    assertBareJson(response, 400, "unsupported_protocol");
    assertThat(server.capture.seen).isEmpty();
  }

  @ParameterizedTest(name = "version {0}")
  @ValueSource(strings = {"8", "7", "12", "99", "0", "13, 8", "abc"})
  void refusesOtherVersionsWith426NamingVersion13(String version) throws Exception {
    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(server.path()).with("Sec-WebSocket-Version", version));
    assertBareJson(response, 426, "unsupported_version");
    assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13");
    assertThat(server.capture.seen).isEmpty();
  }

  @Test
  void refusesAnUpgradeWithoutVersionWith426NamingVersion13() throws Exception {
    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(server.path()).without("Sec-WebSocket-Version"));
    assertBareJson(response, 426, "unsupported_version");
    assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13");
  }

  @ParameterizedTest(name = "key \"{0}\"")
  @ValueSource(strings = {"", "not base64 at all!!!!!!!", "AAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAA=="
      + "AA", "dGhlIHNhbXBsZSBub25jZQ"})
  void refusesAKeyThatIsNotBase64Of16BytesWith400(String key) throws Exception {
    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(server.path()).with("Sec-WebSocket-Key", key));
    assertBareJson(response, 400, "invalid_key");
    assertThat(server.capture.seen).isEmpty();
  }

  @Test
  void refusesAnUpgradeWithoutKeyWith400() throws Exception {
    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(server.path()).without("Sec-WebSocket-Key"));
    assertBareJson(response, 400, "invalid_key");
  }

  @ParameterizedTest(name = "{0} twice")
  @ValueSource(strings = {"Sec-WebSocket-Key", "Upgrade", "Connection", "Sec-WebSocket-Version", "Origin"})
  void refusesRepeatedHandshakeHeadersWith400(String name) throws Exception {
    RawHttp.Request request = RawHttp.upgrade(server.path());
    String value = switch (name) {
      case "Sec-WebSocket-Key" -> RawHttp.newKey();
      case "Upgrade" -> "websocket";
      case "Connection" -> "Upgrade";
      case "Sec-WebSocket-Version" -> "13";
      default -> "http://127.0.0.1";
    };
    if (name.equals("Origin")) {
      request.header(name, value);
    }
    RawResponse response = RawHttp.send(server.port(), request.header(name, value));
    assertBareJson(response, 400, "bad_request");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"POST", "PUT", "DELETE", "HEAD", "OPTIONS"})
  void refusesOtherMethodsCarryingUpgradeHeadersWith405(String method) throws Exception {
    RawHttp.Request request = new RawHttp.Request(method, server.path())
        .header("Host", "127.0.0.1").header("Upgrade", "websocket").header("Connection", "Upgrade")
        .header("Sec-WebSocket-Key", RawHttp.newKey()).header("Sec-WebSocket-Version", "13")
        .header("Content-Length", "0");
    RawResponse response = RawHttp.send(server.port(), request);
    assertThat(response.status()).isEqualTo(405);
    assertThat(response.header("Allow")).isEqualTo("GET");
    if (!method.equals("HEAD")) {
      assertBareJson(response, 405, "method_not_allowed");
    }
    assertThat(server.capture.seen).isEmpty();
  }

  @Test
  void answersAPlainGetWith426AndTheUpgradeToAsk() throws Exception {
    RawResponse response = RawHttp.send(server.port(), RawHttp.request("GET", server.path()));
    assertBareJson(response, 426, "upgrade_required");
    assertThat(response.header("Upgrade")).isEqualTo("websocket");
  }

  @Test
  void answersAGetWithUpgradeButNoConnectionUpgradeWith426() throws Exception {
    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(server.path()).with("Connection", "keep-alive"));
    assertBareJson(response, 426, "upgrade_required");
  }

  @Test
  void acceptsConnectionHeaderListsInAnyCase() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(),
        RawHttp.upgrade(server.path()).with("Connection", "keep-alive, UPGRADE").with("Upgrade", "WebSocket"))) {
      assertThat(ws.handshake().status()).isEqualTo(101);
    }
  }

  @Test
  void refusesAnUpgradeRequestWithABodyWith400() throws Exception {
    try (java.net.Socket socket = RawHttp.connect(server.port())) {
      byte[] head = RawHttp.upgrade(server.path()).header("Content-Length", "6").bytes();
      byte[] frameBytes = RawWebSocket.frame(true, RawWebSocket.TEXT, new byte[0]); // 6 bytes
      socket.getOutputStream().write(head);
      socket.getOutputStream().write(frameBytes);
      assertBareJson(RawHttp.readResponse(socket.getInputStream()), 400, "bad_request");
    }
    assertBareJson(RawHttp.send(server.port(), RawHttp.upgrade(server.path()).header("Transfer-Encoding", "chunked")),
        400, "bad_request");
    assertThat(server.capture.seen).isEmpty();
  }

  @Test
  void acceptsAnExplicitlyEmptyBody() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path()).header("Content-Length", "0"))) {
      assertThat(ws.handshake().status()).isEqualTo(101);
    }
  }

  @Test
  void refusesHttp10UpgradesWith400() throws Exception {
    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(server.path()).version("HTTP/1.0"));
    assertBareJson(response, 400, "bad_request");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/", "/other", "/ws/", "/ws/x", "/wss", "/admin"})
  void answersOtherPathsWith404(String path) throws Exception {
    RawResponse response = RawHttp.send(server.port(), RawHttp.upgrade(path));
    assertBareJson(response, 404, "not_found");
    assertThat(server.capture.seen).isEmpty();
  }

  @Test
  void offersNoExtensionWhenTheClientAsksForPermessageDeflate() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path())
        .header("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"))) {
      assertThat(ws.handshake().status()).isEqualTo(101);
      assertThat(ws.handshake().has("Sec-WebSocket-Extensions")).isFalse();
      // and a frame with RSV1 set (a compressed message) is a protocol error, not inflated (RFC 6455 §5.2)
      ws.sendFrame(true, 0x40 | RawWebSocket.TEXT, new byte[] {1, 2, 3});
      RawWebSocket.Frame close = ws.readUntilClose();
      assertThat(close.closeCode()).isEqualTo(1002);
    }
  }

  @Test
  void echoesNoLegacyHeadersInThe101() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), RawHttp.upgrade(server.path() + "?a=1")
        .header("Origin", "http://127.0.0.1"))) {
      RawResponse response = ws.handshake();
      assertThat(response.status()).isEqualTo(101);
      assertThat(response.has("Sec-WebSocket-Location")).isFalse();
      assertThat(response.has("Origin")).isFalse();
    }
  }

  static void assertBareJson(RawResponse response, int status, String code) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.body()).isEqualTo("{\"error\":\"" + code + "\"}");
    assertThat(response.header("Content-Type")).isEqualTo("application/json");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.has("Sec-WebSocket-Accept")).isFalse();
  }

}
