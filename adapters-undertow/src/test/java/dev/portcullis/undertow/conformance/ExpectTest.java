package dev.portcullis.undertow.conformance;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The conformance assertions fail when a server misbehaves: against a scripted fake server, each way a
 * close can go wrong (no close frame, a wrong code, something before or after the close frame, TCP left
 * open) and an inexact echo is caught, so that a passing conformance case means what it says.
 */
class ExpectTest {

  /** What the fake server does once the upgrade is answered. */
  interface Script {
    void run(Socket socket, InputStream in, OutputStream out) throws Exception;
  }

  @Test
  void acceptsACloseFrameFollowedByTheTcpClose() throws Exception {
    try (Fake fake = Fake.start((socket, in, out) -> {
      out.write(serverFrame(Frames.CLOSE, Frames.closePayload(1002, new byte[0])));
      readUntilClose(in);
    })) {
      try (WireClient client = WireClient.connect(fake.port(), "/ws")) {
        assertThatCode(() -> Expect.closed(client, 1002)).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void failsWhenTcpClosesWithoutACloseFrame() throws Exception {
    try (Fake fake = Fake.start((socket, in, out) -> { })) {
      try (WireClient client = WireClient.connect(fake.port(), "/ws")) {
        assertThatThrownBy(() -> Expect.closed(client, 1002)).isInstanceOf(AssertionError.class)
            .hasMessageContaining("without a close frame");
      }
    }
  }

  @Test
  void failsOnAnotherCloseCode() throws Exception {
    try (Fake fake = Fake.start((socket, in, out) -> {
      out.write(serverFrame(Frames.CLOSE, Frames.closePayload(1000, new byte[0])));
      readUntilClose(in);
    })) {
      try (WireClient client = WireClient.connect(fake.port(), "/ws")) {
        assertThatThrownBy(() -> Expect.closed(client, 1002)).isInstanceOf(AssertionError.class)
            .hasMessageContaining("close code");
      }
    }
  }

  @Test
  void failsWhenSomethingCameBeforeTheCloseFrame() throws Exception {
    try (Fake fake = Fake.start((socket, in, out) -> {
      out.write(serverFrame(Frames.PONG, new byte[0]));
      out.write(serverFrame(Frames.CLOSE, Frames.closePayload(1002, new byte[0])));
      readUntilClose(in);
    })) {
      try (WireClient client = WireClient.connect(fake.port(), "/ws")) {
        assertThatThrownBy(() -> Expect.closed(client, 1002)).isInstanceOf(AssertionError.class)
            .hasMessageContaining("before its close frame");
      }
    }
  }

  @Test
  void failsWhenTheServerSendsAfterItsCloseFrame() throws Exception {
    try (Fake fake = Fake.start((socket, in, out) -> {
      out.write(serverFrame(Frames.CLOSE, Frames.closePayload(1000, new byte[0])));
      out.write(serverFrame(Frames.TEXT, Frames.utf8("late")));
      readUntilClose(in);
    })) {
      try (WireClient client = WireClient.connect(fake.port(), "/ws")) {
        assertThatThrownBy(() -> Expect.closed(client, 1000)).isInstanceOf(AssertionError.class)
            .hasMessageContaining("after the close frame");
      }
    }
  }

  @Test
  void failsWhenTcpStaysOpenAfterTheCloseHandshake() throws Exception {
    try (Fake fake = Fake.start((socket, in, out) -> {
      out.write(serverFrame(Frames.CLOSE, Frames.closePayload(1000, new byte[0])));
      Thread.sleep(WireClient.TCP_CLOSE_TIMEOUT.toMillis() + 1000);
    })) {
      try (WireClient client = WireClient.connect(fake.port(), "/ws")) {
        assertThatThrownBy(() -> Expect.closed(client, 1000)).isInstanceOf(AssertionError.class)
            .hasMessageContaining("TCP closed by the server");
      }
    }
  }

  @Test
  void failsWhenTheServerOnlyHalfClosesAndKeepsReading() throws Exception {
    try (Fake fake = Fake.start((socket, in, out) -> {
      out.write(serverFrame(Frames.CLOSE, Frames.closePayload(1000, new byte[0])));
      readUntilClose(in);
      socket.shutdownOutput(); // FIN, but the socket stays open and keeps reading
      while (in.read() != -1) {
        // read whatever the client still sends, never closing
      }
    })) {
      try (WireClient client = WireClient.connect(fake.port(), "/ws")) {
        assertThatThrownBy(() -> Expect.closed(client, 1000)).isInstanceOf(AssertionError.class)
            .hasMessageContaining("connection released by the server");
      }
    }
  }

  @Test
  void failsOnAnEchoThatDiffersInOneByte() throws Exception {
    try (Fake fake = Fake.start((socket, in, out) -> out.write(serverFrame(Frames.TEXT, Frames.utf8("hellp"))))) {
      try (WireClient client = WireClient.connect(fake.port(), "/ws")) {
        assertThatThrownBy(() -> Expect.text(client, "hello")).isInstanceOf(AssertionError.class)
            .hasMessageContaining("first difference at byte 4");
      }
    }
  }

  @Test
  void reassemblesAFragmentedServerMessage() throws Exception {
    try (Fake fake = Fake.start((socket, in, out) -> {
      out.write(serverFrame(false, Frames.TEXT, Frames.utf8("hel")));
      out.write(serverFrame(true, Frames.CONTINUATION, Frames.utf8("lo")));
    })) {
      try (WireClient client = WireClient.connect(fake.port(), "/ws")) {
        assertThatCode(() -> Expect.text(client, "hello")).doesNotThrowAnyException();
      }
    }
  }

  private static byte[] serverFrame(int opcode, byte[] payload) {
    return serverFrame(true, opcode, payload);
  }

  private static byte[] serverFrame(boolean fin, int opcode, byte[] payload) {
    return Frames.frame(opcode, payload).fin(fin).unmasked().bytes();
  }

  /** Reads client bytes until the client's close frame has (probably) arrived, then returns. */
  private static void readUntilClose(InputStream in) throws IOException {
    int first = in.read();
    while (first != -1 && (first & 0x0F) != Frames.CLOSE) {
      first = in.read();
    }
  }

  /** A one-connection WebSocket server on loopback that answers the upgrade and runs a script. */
  private static final class Fake implements AutoCloseable {
    private static final Pattern KEY = Pattern.compile("(?i)Sec-WebSocket-Key: *(\\S+)");
    private final ServerSocket listener;
    private final CompletableFuture<Void> done;

    private Fake(ServerSocket listener, Script script) {
      this.listener = listener;
      this.done = CompletableFuture.runAsync(() -> {
        try (Socket socket = listener.accept()) {
          InputStream in = socket.getInputStream();
          OutputStream out = socket.getOutputStream();
          ByteArrayOutputStream head = new ByteArrayOutputStream();
          while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.read());
          }
          Matcher key = KEY.matcher(head.toString(StandardCharsets.ISO_8859_1));
          key.find();
          String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
              .digest((key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
          out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          script.run(socket, in, out);
        } catch (Exception e) {
          // the client hung up: the script is over either way
        }
      });
    }

    static Fake start(Script script) throws IOException {
      return new Fake(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()), script);
    }

    int port() {
      return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      listener.close();
      done.cancel(true);
    }
  }
}
