package dev.portcullis.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A {@code redis-server} of the machine on a free loopback port, without persistence, for one test class;
 * fails with a clear message when the binary is missing. Not thread-safe.
 */
final class RedisServer implements AutoCloseable {

  private static final Duration START = Duration.ofSeconds(10);

  private final Process process;
  private final int port;

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static RedisServer start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Process process;
    try {
      process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("these tests need redis-server on the PATH (Debian: apt-get install redis-server)",
          e);
    }
    RedisServer server = new RedisServer(process, port);
    long deadline = System.nanoTime() + START.toNanos();
    while (!server.answers()) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        server.close();
        throw new IllegalStateException("redis-server did not answer on port " + port + " within " + START);
      }
      Thread.sleep(20);
    }
    return server;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  private boolean answers() {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
