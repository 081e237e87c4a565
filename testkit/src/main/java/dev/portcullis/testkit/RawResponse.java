package dev.portcullis.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP response to an upgrade request, exactly as it crossed the wire. Immutable and thread-safe.
 *
 * @param status  the status code, e.g. {@code 101} or {@code 429}
 * @param reason  the status line's reason phrase
 * @param headers every header, by case-insensitive name, each with all its values in order
 * @param body    the body (by {@code Content-Length}, chunks, or up to the end of the stream)
 * @param elapsed from the last byte of the request to the end of the response
 */
public record RawResponse(int status, String reason, Map<String, List<String>> headers, String body,
    Duration elapsed) {

  /** Upper bound on a response head, so that a broken server cannot make a test read forever. */
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  public RawResponse {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
  }

  /** True for {@code 101 Switching Protocols}. */
  public boolean upgraded() {
    return status == 101;
  }

  /** The first value of header {@code name} (any case). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of header {@code name} (any case), in order; empty when absent. */
  public List<String> headers(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /**
   * Reads one response from {@code in}, leaving the stream just after it (so that pipelined responses
   * can be read one by one, and WebSocket frames can follow a {@code 101}). Blocks; the socket's read
   * timeout bounds each read.
   *
   * @param sentAt {@link System#nanoTime()} when the request was sent, for {@link #elapsed()}
   * @throws EOFException when the stream ends before a whole response
   */
  public static RawResponse readFrom(InputStream in, long sentAt) throws IOException {
    String head = readHead(in);
    String[] lines = head.split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: " + lines[0]);
    }
    int status = Integer.parseInt(statusLine[1]);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body = status == 101 || status == 204 || status == 304 ? new byte[0] : readBody(in, headers);
    return new RawResponse(status, statusLine.length > 2 ? statusLine[2] : "", headers,
        new String(body, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - sentAt));
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int lastFour = 0;
    while (lastFour != 0x0D0A0D0A) { // CR LF CR LF ends the head (RFC 9112 §2.1)
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the connection closed after " + head.size() + " bytes of a response head");
      }
      head.write(b);
      lastFour = (lastFour << 8) | b;
      if (head.size() > MAX_HEAD_BYTES) {
        throw new IOException("response head longer than " + MAX_HEAD_BYTES + " bytes");
      }
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 4);
  }

  private static byte[] readBody(InputStream in, Map<String, List<String>> headers) throws IOException {
    List<String> length = headers.get("Content-Length");
    if (length != null) {
      return in.readNBytes(Integer.parseInt(length.get(0)));
    }
    List<String> encoding = headers.get("Transfer-Encoding");
    if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
      return readChunks(in);
    }
    List<String> connection = headers.get("Connection");
    if (connection != null && connection.get(0).equalsIgnoreCase("close")) {
      return in.readAllBytes();
    }
    return new byte[0];
  }

  private static byte[] readChunks(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
      if (size == 0) {
        while (!readLine(in).isEmpty()) {
          // trailers: not needed by any test
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("the connection closed inside a chunked body");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }
}
