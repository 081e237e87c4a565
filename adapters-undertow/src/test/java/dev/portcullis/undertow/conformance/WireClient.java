package dev.portcullis.undertow.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A WebSocket client on a raw loopback socket that does exactly what a conformance case tells it:
 * writes frames whole, in chops or byte by byte with pauses, or from a background thread while it
 * reads; reads server frames one by one or as reassembled messages; and watches the close handshake
 * and the TCP close that must follow. Every read has a timeout. Not thread-safe (except the background
 * writer, which only writes).
 */
final class WireClient implements AutoCloseable {

  /** How long one read waits for the server. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
  /** How long the server has to close TCP once the close handshake is done (close timeout + margin). */
  static final Duration TCP_CLOSE_TIMEOUT = Duration.ofSeconds(3);
  /** RFC 6455 §1.3. */
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final int status;
  private final Map<String, List<String>> headers;
  private Inflater inflater;
  private boolean inflaterResets;

  private WireClient(Socket socket, InputStream in, int status, Map<String, List<String>> headers) throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
    this.status = status;
    this.headers = headers;
  }

  /** Opens a WebSocket on {@code port} and {@code path}; fails unless the server answers 101 correctly. */
  static WireClient connect(int port, String path) throws IOException {
    return connect(port, path, Map.of());
  }

  /** As {@link #connect(int, String)}, with {@code extra} request headers. */
  static WireClient connect(int port, String path, Map<String, String> extra) throws IOException {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n")
        .append("Upgrade: websocket\r\n")
        .append("Connection: Upgrade\r\n")
        .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
        .append("Sec-WebSocket-Version: 13\r\n");
    extra.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    request.append("\r\n");

    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    try {
      socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
      socket.setTcpNoDelay(true);
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String statusLine = readLine(in);
      if (statusLine == null) {
        throw new IOException("the server closed the connection without answering the upgrade");
      }
      int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
        int colon = line.indexOf(':');
        headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
      if (status != 101) {
        throw new IOException("the upgrade was answered " + statusLine);
      }
      String accept = headers.getOrDefault("sec-websocket-accept", List.of("")).get(0);
      if (!accept.equals(acceptFor(key))) {
        throw new IOException("Sec-WebSocket-Accept is '" + accept + "', not the RFC 6455 §4.2.2 value");
      }
      return new WireClient(socket, in, status, headers);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static String acceptFor(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  int status() {
    return status;
  }

  /** A response header of the upgrade (first value), or {@code null}. */
  String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null ? null : values.get(0);
  }

  /**
   * Inflates server frames with RSV1 set from now on (permessage-deflate, RFC 7692 §7.2.2);
   * {@code noContextTakeover} when the server said {@code server_no_context_takeover}.
   */
  void inflateServerMessages(boolean noContextTakeover) {
    inflater = new Inflater(true);
    inflaterResets = noContextTakeover;
  }

  // ---- writing ----

  /** Writes every frame in one TCP write. */
  void send(Frames.Frame... frames) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Frames.Frame frame : frames) {
      all.writeBytes(frame.bytes());
    }
    write(all.toByteArray());
  }

  /** Writes each frame in its own TCP write, pausing {@code pause} between them. */
  void sendEach(Duration pause, Frames.Frame... frames) throws IOException, InterruptedException {
    for (int i = 0; i < frames.length; i++) {
      if (i > 0) {
        Thread.sleep(pause.toMillis());
      }
      write(frames[i].bytes());
    }
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Writes {@code bytes} in writes of {@code chop} bytes, pausing {@code pause} between them. */
  void writeChopped(byte[] bytes, int chop, Duration pause) throws IOException, InterruptedException {
    for (int at = 0; at < bytes.length; at += chop) {
      if (at > 0 && !pause.isZero()) {
        Thread.sleep(pause.toMillis());
      }
      out.write(bytes, at, Math.min(chop, bytes.length - at));
      out.flush();
    }
  }

  /** Writes {@code bytes} one byte per TCP write (Nagle is off), pausing 1 ms every {@code every} bytes. */
  void writeBytewise(byte[] bytes, int every) throws IOException, InterruptedException {
    for (int i = 0; i < bytes.length; i++) {
      out.write(bytes[i]);
      out.flush();
      if (i % every == every - 1) {
        Thread.sleep(1);
      }
    }
  }

  /**
   * Writes {@code bytes} from another thread, so that this one can read the server's close while the
   * server is refusing what is still being written. A write the server cut short ends the writer quietly.
   */
  CompletableFuture<Void> writeInBackground(byte[] bytes) {
    return CompletableFuture.runAsync(() -> {
      try {
        writeChopped(bytes, 16 * 1024, Duration.ZERO);
      } catch (IOException e) {
        // the server closed or reset while we were still writing: expected in refusal cases
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** As {@link #writeBytewise}, from another thread, for cases where the server may cut the writes short. */
  CompletableFuture<Void> writeBytewiseInBackground(byte[] bytes, int every) {
    return CompletableFuture.runAsync(() -> {
      try {
        writeBytewise(bytes, every);
      } catch (IOException e) {
        // the server closed or reset while we were still writing: expected in refusal cases
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  // ---- reading ----

  /** Reads one server frame; fails if the server masks it (RFC 6455 §5.1). */
  ServerFrame readFrame() throws IOException {
    DataInputStream data = new DataInputStream(in);
    int first = data.readUnsignedByte();
    int second = data.readUnsignedByte();
    long length = second & 0x7F;
    if (length == 126) {
      length = data.readUnsignedShort();
    } else if (length == 127) {
      length = data.readLong();
    }
    if ((second & 0x80) != 0) {
      throw new AssertionError("the server sent a masked frame (RFC 6455 §5.1 forbids it)");
    }
    if (length < 0 || length > 64L * 1024 * 1024) {
      throw new AssertionError("the server sent a frame of length " + length);
    }
    byte[] payload = new byte[(int) length];
    data.readFully(payload);
    return new ServerFrame((first & 0x80) != 0, (first >> 4) & 0x7, first & 0x0F, payload);
  }

  /**
   * Reads the next thing the server says: a control frame, or a whole data message (server fragments
   * reassembled, RSV1 messages inflated when {@link #inflateServerMessages} was called). Control frames
   * the server sends inside its own fragmented message are kept in {@link Received#controls()}. Fails on
   * anything RFC 6455 forbids a server to send: RSV bits outside a negotiated extension's first frame,
   * fragmented control frames, a message started inside another.
   */
  Received next() throws IOException {
    ServerFrame first = readFrame();
    if (first.opcode() >= 0x8) {
      if (first.rsv() != 0 || !first.fin() || first.payload().length > 125) {
        throw new AssertionError("the server sent a control frame with RSV " + first.rsv() + ", FIN " + first.fin()
            + ", " + first.payload().length + " bytes (RFC 6455 §5.2, §5.5)");
      }
      return new Received(first.opcode(), first.rsv(), first.payload());
    }
    if (first.opcode() == Frames.CONTINUATION) {
      throw new AssertionError("the server sent a continuation frame without a message started (RFC 6455 §5.4)");
    }
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.writeBytes(first.payload());
    List<ServerFrame> controls = new ArrayList<>();
    for (ServerFrame frame = first; !frame.fin(); ) {
      frame = readFrame();
      if (frame.opcode() >= 0x8) {
        controls.add(frame);
        if (frame.opcode() == Frames.CLOSE) {
          throw new AssertionError("the server closed inside its own fragmented message");
        }
        frame = new ServerFrame(false, 0, Frames.CONTINUATION, new byte[0]);
        continue;
      }
      if (frame.opcode() != Frames.CONTINUATION) {
        throw new AssertionError("the server started a new message inside a fragmented one (RFC 6455 §5.4)");
      }
      if (frame.rsv() != 0) {
        throw new AssertionError("the server set RSV " + frame.rsv() + " on a continuation frame (RFC 7692 §6.1)");
      }
      message.writeBytes(frame.payload());
    }
    byte[] payload = message.toByteArray();
    if ((first.rsv() & Frames.RSV1) != 0) {
      if (inflater == null) {
        throw new AssertionError("the server set RSV1 without a negotiated extension (RFC 6455 §5.2)");
      }
      payload = inflate(payload);
    } else if (first.rsv() != 0) {
      throw new AssertionError("the server set RSV bits " + first.rsv() + " (RFC 6455 §5.2)");
    }
    return new Received(first.opcode(), first.rsv(), payload, controls);
  }

  private byte[] inflate(byte[] compressed) {
    try {
      if (inflaterResets) {
        inflater.reset();
      }
      inflater.setInput(Frames.concat(compressed, new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF}));
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = inflater.inflate(buffer)) > 0) {
        plain.write(buffer, 0, n);
      }
      return plain.toByteArray();
    } catch (DataFormatException e) {
      throw new AssertionError("the server sent a corrupt compressed message", e);
    }
  }

  /**
   * Reads until the server's close frame (keeping whatever came before it), answers it with a close
   * frame as RFC 6455 §5.5.1 requires of the client, then waits for the server to close TCP.
   */
  Closing awaitClose() throws IOException {
    return awaitClose(true);
  }

  /** As {@link #awaitClose()}; with {@code answer} false the client never answers the server's close. */
  Closing awaitClose(boolean answer) throws IOException {
    long start = System.nanoTime();
    List<Received> before = new ArrayList<>();
    Received close = null;
    String failure = null;
    try {
      for (;;) {
        Received received = next();
        if (received.opcode() == Frames.CLOSE) {
          close = received;
          break;
        }
        before.add(received);
      }
    } catch (EOFException | SocketException e) {
      failure = "TCP closed (" + e.getClass().getSimpleName() + ") without a close frame";
    } catch (SocketTimeoutException e) {
      failure = "no close frame within " + READ_TIMEOUT;
    }
    Duration closeAfter = Duration.ofNanos(System.nanoTime() - start);
    if (close != null && answer) {
      try {
        int code = close.closeCode();
        write((code >= 1000 && code <= 4999 && code != 1005 && code != 1006 ? Frames.close(code) : Frames.close(new byte[0])).bytes());
      } catch (IOException e) {
        // the server already closed TCP: allowed after its close frame
      }
    }
    long afterClose = 0;
    boolean tcpClosed = failure != null && !failure.startsWith("no close frame");
    // A server silent for the whole read timeout is not going to close TCP a moment later: don't wait twice.
    if (close != null) {
      long[] extra = new long[1];
      tcpClosed = closedWithin(TCP_CLOSE_TIMEOUT, extra);
      afterClose = extra[0];
    }
    Duration tcpClosedAfter = Duration.ofNanos(System.nanoTime() - start);
    boolean released = tcpClosed && releasedWithin(TCP_CLOSE_TIMEOUT.minus(tcpClosedAfter).plus(closeAfter));
    return new Closing(before, close, failure, tcpClosed, released, afterClose, closeAfter, tcpClosedAfter,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Whether the server released the connection within {@code timeout}, not merely shut down its
   * sending side (a FIN while it still reads, RFC 793 half-close): an empty masked pong is written every
   * 5 ms, and only a fully closed socket answers it with a reset, which makes a later write fail.
   */
  boolean releasedWithin(Duration timeout) {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    byte[] probe = Frames.pong(new byte[0]).maskKey(new byte[4]).bytes();
    try {
      do {
        out.write(probe);
        out.flush();
        Thread.sleep(5);
      } while (System.nanoTime() < deadline);
      return false;
    } catch (IOException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Whether the server closes TCP (end of stream or reset) within {@code timeout}; counts into
   * {@code extraBytes[0]} whatever it still sends meanwhile.
   */
  boolean closedWithin(Duration timeout, long[] extraBytes) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] sink = new byte[8192];
    try {
      for (;;) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        int n = in.read(sink);
        if (n == -1) {
          return true;
        }
        extraBytes[0] += n;
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
      }
    }
  }

  /** Nothing arrives from the server for {@code quiet}: no frame, no close. */
  boolean silentFor(Duration quiet) throws IOException {
    socket.setSoTimeout((int) quiet.toMillis());
    try {
      in.mark(1);
      int b = in.read();
      if (b != -1) {
        in.reset();
      }
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** One frame as the server wrote it. */
  record ServerFrame(boolean fin, int rsv, int opcode, byte[] payload) {}

  /**
   * A control frame or a whole data message from the server; {@code controls} are control frames the
   * server interleaved inside its own fragmented message.
   */
  record Received(int opcode, int rsv, byte[] payload, List<ServerFrame> controls) {

    Received(int opcode, int rsv, byte[] payload) {
      this(opcode, rsv, payload, List.of());
    }

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** RFC 6455 §5.5.1: the first two bytes of a close payload; 1005 (§7.4.1) when there are none. */
    int closeCode() {
      return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }

    byte[] closeReason() {
      return payload.length <= 2 ? new byte[0] : java.util.Arrays.copyOfRange(payload, 2, payload.length);
    }

    @Override
    public String toString() {
      String kind = switch (opcode) {
        case Frames.TEXT -> "text";
        case Frames.BINARY -> "binary";
        case Frames.CLOSE -> "close";
        case Frames.PING -> "ping";
        case Frames.PONG -> "pong";
        default -> "opcode " + opcode;
      };
      String body = opcode == Frames.CLOSE ? closeCode() + " '" + new String(closeReason(), StandardCharsets.UTF_8) + "'"
          : payload.length <= 40 ? "'" + text() + "'" : payload.length + " bytes";
      return kind + "(" + body + ")";
    }
  }

  /**
   * How a connection ended.
   *
   * @param before        what the server sent before its close frame
   * @param close         the server's close frame, or {@code null}
   * @param failure       why no close frame was read, or {@code null}
   * @param tcpClosed     whether the server closed TCP (end of stream or reset) within {@link #TCP_CLOSE_TIMEOUT}
   * @param released      whether the server then also released the connection (not just half-closed it)
   * @param bytesAfter    bytes the server sent after its close frame (RFC 6455 §5.5.1: none)
   * @param closeAfter    from waiting until the close frame arrived
   * @param tcpClosedAfter from waiting until TCP closed
   * @param releasedAfter from waiting until the connection was released
   */
  record Closing(List<Received> before, Received close, String failure, boolean tcpClosed, boolean released,
      long bytesAfter, Duration closeAfter, Duration tcpClosedAfter, Duration releasedAfter) {

    int code() {
      return close == null ? 1006 : close.closeCode();
    }

    @Override
    public String toString() {
      return "server sent " + before + (close != null ? " then close " + close.closeCode() + " '"
          + new String(close.closeReason(), StandardCharsets.UTF_8) + "' after " + closeAfter.toMillis() + " ms"
          : " and then " + failure) + "; TCP " + (tcpClosed ? "closed" : "still open") + " after "
          + tcpClosedAfter.toMillis() + " ms" + (tcpClosed ? released ? ", released after " + releasedAfter.toMillis()
          + " ms" : ", but only half-closed (still reading)" : "")
          + (bytesAfter > 0 ? "; " + bytesAfter + " bytes after its close frame" : "");
    }
  }
}
