package dev.portcullis.bench.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A throw-away {@code redis-server} for one benchmark run: the machine's binary, on a free loopback port,
 * without persistence; {@link #close()} ends it. Not thread-safe; one per trial.
 */
final class RedisProcess implements AutoCloseable {

  private static final Duration START = Duration.ofSeconds(10);

  private final Process process;
  private final int port;

  private RedisProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code redis-server} (from {@code PATH}) and waits until it answers {@code PING}. */
  static RedisProcess start() throws IOException, InterruptedException {
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
      throw new IOException("the Redis benchmark needs redis-server on the PATH (Debian: apt-get install redis-server)", e);
    }
    RedisProcess redis = new RedisProcess(process, port);
    long deadline = System.nanoTime() + START.toNanos();
    while (!redis.answers()) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        redis.close();
        throw new IOException("redis-server did not answer on port " + port + " within " + START);
      }
      Thread.sleep(50);
    }
    return redis;
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
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
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
