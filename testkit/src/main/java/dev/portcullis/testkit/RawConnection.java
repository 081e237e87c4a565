package dev.portcullis.testkit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * A TCP connection kept after an upgrade request: the response, then (after a {@code 101}) minimal
 * RFC 6455 framing, so that a test can hold a connection open, speak frames a well-behaved client
 * never would, or vanish without a close handshake ({@link #abort()}). Not thread-safe.
 */
public final class RawConnection implements AutoCloseable {

  /** RFC 6455 §5.2 opcodes. */
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final RawResponse response;

  RawConnection(Socket socket, InputStream in, RawResponse response) throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
    this.response = response;
  }

  /** The response to the upgrade request. */
  public RawResponse response() {
    return response;
  }

  /** One frame as received (unmasked, since a server never masks: RFC 6455 §5.1). */
  public record Frame(boolean fin, int opcode, byte[] payload) {

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a close frame, or 1005 (none given) when it carries no payload. */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }

    /** The reason text of a close frame. */
    public String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }
  }

  /** Sends one masked text frame. */
  public void sendText(String text) {
    sendFrame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a close frame with {@code code} and {@code reason}. */
  public void sendClose(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    ByteBuffer payload = ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text);
    sendFrame(true, CLOSE, payload.array());
  }

  /** Sends one frame, masked with a fresh key as a client must (RFC 6455 §5.3). */
  public void sendFrame(boolean fin, int opcode, byte[] payload) {
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    ByteBuffer head = ByteBuffer.allocate(14);
    head.put((byte) ((fin ? 0x80 : 0) | (opcode & 0x0f)));
    if (payload.length < 126) {
      head.put((byte) (0x80 | payload.length));
    } else if (payload.length <= 0xffff) {
      head.put((byte) (0x80 | 126)).putShort((short) payload.length);
    } else {
      head.put((byte) (0x80 | 127)).putLong(payload.length);
    }
    head.put(mask);
    byte[] masked = new byte[payload.length];
    for (int i = 0; i < payload.length; i++) {
      masked[i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    try {
      out.write(head.array(), 0, head.position());
      out.write(masked);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not send a frame", e);
    }
  }

  /**
   * Reads the next frame, waiting at most {@code timeout}.
   *
   * @throws UncheckedIOException wrapping {@link SocketTimeoutException} on timeout, or
   *                              {@link EOFException} when the server closed the connection
   */
  public Frame readFrame(Duration timeout) {
    try {
      socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
      int first = readByte();
      int second = readByte();
      long length = second & 0x7f;
      if (length == 126) {
        length = (readByte() << 8) | readByte();
      } else if (length == 127) {
        length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
      }
      if (length > Integer.MAX_VALUE - 8) {
        throw new IOException("frame of " + length + " bytes is too long for a test");
      }
      byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : null;
      byte[] payload = in.readNBytes((int) length);
      if (payload.length < length) {
        throw new EOFException("the connection closed inside a frame");
      }
      if (mask != null) {
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i % 4];
        }
      }
      return new Frame((first & 0x80) != 0, first & 0x0f, payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until the server closes the TCP connection, discarding whatever it still sends; true when it
   * did within {@code timeout}.
   */
  public boolean awaitEndOfStream(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout(Math.toIntExact(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis())));
        try {
          if (in.read() < 0) {
            return true;
          }
        } catch (SocketTimeoutException e) {
          return false;
        }
      }
      return false;
    } catch (IOException e) {
      return true; // a reset is an end too
    }
  }

  /** Drops the connection without a close handshake: the server sees a TCP reset. */
  public void abort() {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // closing below is all that is left to try
    }
    close();
  }

  /** Closes the TCP connection (a FIN, without a WebSocket close frame). */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the server closed the connection");
    }
    return b;
  }
}
