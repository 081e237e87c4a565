package dev.portcullis.undertow;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A WebSocket client on a raw socket, for what the JDK client will not do: send any upgrade request,
 * look at the 101 byte for byte, write arbitrary (masked) frames, stop reading, or reset the
 * connection. Every read has a timeout. Not thread-safe.
 */
final class RawWebSocket implements AutoCloseable {

  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CONTINUATION = 0x0;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final RawResponse handshake;

  private RawWebSocket(Socket socket, InputStream in, RawResponse handshake) throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
    this.handshake = handshake;
  }

  /** Sends {@code request} and reads the answer; the socket stays open whatever the status. */
  static RawWebSocket open(int port, RawHttp.Request request) throws IOException {
    return open(RawHttp.connect(port), request);
  }

  /** As {@link #open(int, RawHttp.Request)}, from the loopback address {@code local} (say {@code 127.0.3.7}). */
  static RawWebSocket openFrom(String local, int port, RawHttp.Request request) throws IOException {
    return open(RawHttp.connectFrom(local, port), request);
  }

  private static RawWebSocket open(Socket socket, RawHttp.Request request) throws IOException {
    try {
      socket.getOutputStream().write(request.bytes());
      socket.getOutputStream().flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      return new RawWebSocket(socket, in, RawHttp.readResponse(in));
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  RawResponse handshake() {
    return handshake;
  }

  Socket socket() {
    return socket;
  }

  void sendText(String text) throws IOException {
    sendFrame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes one client frame, masked as RFC 6455 §5.3 requires. */
  void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
    out.write(frame(fin, opcode, payload));
    out.flush();
  }

  /**
   * Writes {@code bytes} one byte per write, pausing now and then, so that the server sees them in many
   * small reads.
   */
  void writeSlowly(byte[] bytes) throws IOException, InterruptedException {
    for (int i = 0; i < bytes.length; i++) {
      out.write(bytes[i]);
      out.flush();
      if (i % 128 == 127) {
        Thread.sleep(2);
      }
    }
  }

  /** A masked client frame (RFC 6455 §5.2, §5.3). */
  static byte[] frame(boolean fin, int opcode, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    } else {
      frame.write(0x80 | 127);
      frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    return frame.toByteArray();
  }

  /** Sends a close frame with {@code code} (RFC 6455 §5.5.1). */
  void sendClose(int code) throws IOException {
    sendFrame(true, CLOSE, new byte[] {(byte) (code >>> 8), (byte) code});
  }

  /** Reads the next server frame (servers never mask, RFC 6455 §5.1). */
  Frame readFrame() throws IOException {
    DataInputStream data = new DataInputStream(in);
    int first = data.readUnsignedByte();
    int second = data.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = data.readUnsignedShort();
    } else if (length == 127) {
      length = data.readLong();
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    data.readFully(payload);
    return new Frame((first & 0x80) != 0, (first & 0x40) != 0, first & 0x0f, payload);
  }

  /** Reads frames until one of {@code opcode}, skipping others (pings, say); fails at the read timeout. */
  Frame readUntil(int opcode) throws IOException {
    for (;;) {
      Frame frame = readFrame();
      if (frame.opcode() == opcode) {
        return frame;
      }
    }
  }

  /** Reads frames until a close frame, skipping data frames; fails at the read timeout. */
  Frame readUntilClose() throws IOException {
    for (;;) {
      Frame frame = readFrame();
      if (frame.opcode() == CLOSE) {
        return frame;
      }
    }
  }

  /** True when the server closed the TCP connection (end of stream or reset) within the read timeout. */
  boolean closedByServer() throws IOException {
    try {
      while (in.read() != -1) {
        // drain whatever the server still sent
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (EOFException e) {
      return true;
    } catch (IOException e) {
      return true; // connection reset
    }
  }

  /** Resets the connection: SO_LINGER 0 makes close() send RST instead of FIN. */
  void abort() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** A server frame; {@code rsv1} marks a compressed message (RFC 7692 §6). */
  record Frame(boolean fin, boolean rsv1, int opcode, byte[] payload) {

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame (RFC 6455 §5.5.1), or 1005 when it has none. */
    int closeCode() {
      return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    String closeReason() {
      return payload.length <= 2 ? "" : new String(Arrays.copyOfRange(payload, 2, payload.length), StandardCharsets.UTF_8);
    }
  }
}
