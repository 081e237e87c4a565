package dev.portcullis.undertow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Raw HTTP over a loopback socket, to see exactly what crosses the wire: build a request line by line,
 * send it, read the status line, headers and body. Every read has a timeout.
 */
final class RawHttp {

  static final int READ_TIMEOUT_MILLIS = 5000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private RawHttp() {}

  /** A fresh, valid {@code Sec-WebSocket-Key}: base64 of 16 random bytes. */
  static String newKey() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** A valid RFC 6455 upgrade request for {@code target}, to be changed by the test. */
  static Request upgrade(String target) {
    return new Request("GET", target)
        .header("Host", "127.0.0.1")
        .header("Upgrade", "websocket")
        .header("Connection", "Upgrade")
        .header("Sec-WebSocket-Key", newKey())
        .header("Sec-WebSocket-Version", "13");
  }

  static Request request(String method, String target) {
    return new Request(method, target).header("Host", "127.0.0.1");
  }

  /** Opens a loopback connection to {@code port} with the read timeout set. */
  static Socket connect(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    return socket;
  }

  /** Opens a loopback connection to {@code port} from the local address {@code local} (any of 127.0.0.0/8). */
  static Socket connectFrom(String local, int port) throws IOException {
    Socket socket = new Socket();
    socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(local), 0));
    socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), READ_TIMEOUT_MILLIS);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    return socket;
  }

  /** Sends {@code request} on a new connection and reads the response. */
  static RawResponse send(int port, Request request) throws IOException {
    try (Socket socket = connect(port)) {
      socket.getOutputStream().write(request.bytes());
      socket.getOutputStream().flush();
      return readResponse(socket.getInputStream(), !request.method.equals("HEAD"));
    }
  }

  /**
   * Reads one response: status line, headers, and a body of {@code Content-Length} bytes (none for a
   * 101). Reads byte by byte, so that frames after a 101 stay in {@code in}.
   */
  static RawResponse readResponse(InputStream in) throws IOException {
    return readResponse(in, true);
  }

  /** As {@link #readResponse(InputStream)}; {@code withBody} false for the answer to a HEAD. */
  static RawResponse readResponse(InputStream in, boolean withBody) throws IOException {
    String statusLine = readLine(in);
    if (statusLine == null) {
      throw new IOException("the server closed the connection without a response");
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    String body = "";
    List<String> length = headers.get("content-length");
    if (withBody && status != 101 && length != null) {
      byte[] bytes = in.readNBytes(Integer.parseInt(length.get(0)));
      body = new String(bytes, StandardCharsets.UTF_8);
    }
    return new RawResponse(status, headers, body);
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

  /** An HTTP/1.1 request, header lines kept in order and repeatable. Not thread-safe. */
  static final class Request {
    private final String method;
    private final String target;
    private String version = "HTTP/1.1";
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body = new byte[0];

    Request(String method, String target) {
      this.method = method;
      this.target = target;
    }

    /** Adds a header line (a second line of the same name repeats it). */
    Request header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    /** Removes every line of {@code name}. */
    Request without(String name) {
      headers.removeIf(h -> h[0].equalsIgnoreCase(name));
      return this;
    }

    /** Replaces every line of {@code name} with one. */
    Request with(String name, String value) {
      return without(name).header(name, value);
    }

    Request version(String httpVersion) {
      this.version = httpVersion;
      return this;
    }

    /** Bytes sent after the head as they are: the test sets {@code Content-Length} or chunks them itself. */
    Request body(byte[] bytes) {
      this.body = bytes.clone();
      return this;
    }

    String head() {
      StringBuilder text = new StringBuilder(method).append(' ').append(target).append(' ').append(version).append("\r\n");
      for (String[] h : headers) {
        text.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
      return text.append("\r\n").toString();
    }

    byte[] bytes() {
      byte[] head = head().getBytes(StandardCharsets.ISO_8859_1);
      byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
      System.arraycopy(body, 0, all, head.length, body.length);
      return all;
    }
  }
}
