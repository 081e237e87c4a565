package dev.portcullis.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} child process on {@code 127.0.0.1} and a free port, in its own temporary
 * directory, with persistence off ({@code --save "" --appendonly no}). Tests can kill it
 * ({@code SIGKILL}), pause and resume it ({@code SIGSTOP}/{@code SIGCONT}) and start it again on the same
 * port. Every process started is killed by {@link #close()} and, should a test run die first, by a JVM
 * shutdown hook, so no test leaves a server behind. Never touches any other Redis on the machine. The
 * same binary also runs a TLS-only server ({@link #startTls}) and a Sentinel ({@link #startSentinel}).
 *
 * <p>The binary is {@code redis-server} from the {@code PATH} (or {@code $REDIS_SERVER}); when it is
 * missing the fixture fails with a message saying how to install it, it never skips. Thread-safe.
 */
public final class RedisServerFixture implements AutoCloseable {

  /** How long a starting server may take to answer {@code PING}. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
        "redis-fixture-reaper"));
  }

  /** The arguments after the binary, given the directory and the port. */
  private interface Arguments {
    List<String> of(Path dir, int port) throws IOException;
  }

  private final Arguments arguments;
  private final String scheme;
  private final Path dir;
  private final int port;
  private volatile Process process;

  private RedisServerFixture(int port, String scheme, Arguments arguments) {
    this.port = port;
    this.scheme = scheme;
    this.arguments = arguments;
    try {
      this.dir = Files.createTempDirectory("portcullis-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for redis-server", e);
    }
  }

  /** Starts a plain server on a free port. */
  public static RedisServerFixture start() {
    return start(List.of());
  }

  /** Starts a server on a free port with extra {@code redis-server} arguments ({@code --requirepass x}). */
  public static RedisServerFixture start(List<String> extraArgs) {
    return start("redis", (dir, port) -> serverArguments(dir, List.of("--port", Integer.toString(port)), extraArgs));
  }

  /**
   * Starts a server that speaks TLS only (its plain port is off) with {@code certificate} and {@code key},
   * not asking clients for certificates; {@link #uri()} is then {@code rediss://}.
   */
  public static RedisServerFixture startTls(Path certificate, Path key, Path ca, List<String> extraArgs) {
    return start("rediss", (dir, port) -> {
      List<String> tls = List.of("--port", "0", "--tls-port", Integer.toString(port),
          "--tls-cert-file", certificate.toString(), "--tls-key-file", key.toString(),
          "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no");
      return serverArguments(dir, tls, extraArgs);
    });
  }

  /**
   * Starts a Sentinel (the same binary, {@code --sentinel}) watching the primary on {@code primaryPort}
   * as {@code name}, with a quorum of {@code quorum} and quick failure detection: down after
   * {@code downAfter}, a failover abandoned after three times that.
   */
  public static RedisServerFixture startSentinel(String name, int primaryPort, int quorum, Duration downAfter) {
    return start("redis", (dir, port) -> {
      Path config = dir.resolve("sentinel-" + port + ".conf");
      Files.writeString(config, String.join("\n",
          "port " + port,
          "bind 127.0.0.1",
          "daemonize no",
          "dir " + dir,
          "sentinel monitor " + name + " 127.0.0.1 " + primaryPort + " " + quorum,
          "sentinel down-after-milliseconds " + name + " " + downAfter.toMillis(),
          "sentinel failover-timeout " + name + " " + downAfter.multipliedBy(3).toMillis(),
          "sentinel parallel-syncs " + name + " 1",
          ""));
      return List.of(config.toString(), "--sentinel");
    });
  }

  private static List<String> serverArguments(Path dir, List<String> ports, List<String> extraArgs) {
    List<String> args = new ArrayList<>(ports);
    args.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--daemonize", "no", "--logfile", ""));
    args.addAll(extraArgs);
    return args;
  }

  private static RedisServerFixture start(String scheme, Arguments arguments) {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      RedisServerFixture server = new RedisServerFixture(freePort(), scheme, arguments);
      try {
        server.launch();
        return server;
      } catch (PortTakenException e) {
        server.close();
        last = e;
      }
    }
    throw new IllegalStateException("redis-server found no free port after 5 attempts", last);
  }

  /** The binary this fixture runs, or a failure that says how to get one. */
  static Path binary() {
    String override = System.getenv("REDIS_SERVER");
    if (override != null && !override.isBlank()) {
      Path p = Path.of(override);
      if (Files.isExecutable(p)) {
        return p;
      }
      throw new IllegalStateException("$REDIS_SERVER=" + override + " is not an executable redis-server");
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String entry : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(entry, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("redis-server is not installed (not on PATH and $REDIS_SERVER unset): the "
        + "adapters-redis tests run against a real server. Install it (Debian/Ubuntu: apt-get install -y "
        + "redis-server; .ci/run does this) or point $REDIS_SERVER at the binary.");
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}, or {@code rediss://} for a TLS server. */
  public String uri() {
    return scheme + "://127.0.0.1:" + port;
  }

  public Path directory() {
    return dir;
  }

  /** The operating-system process id of the running server. */
  public long pid() {
    return running().pid();
  }

  /** Sends {@code SIGKILL}: the server dies at once, without closing its sockets politely. */
  public void kill() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
      awaitExit(p);
      RUNNING.remove(p);
      process = null;
    }
  }

  /** Sends {@code SIGSTOP}: the server keeps its sockets open but answers nothing. */
  public void pause() {
    signal("STOP");
  }

  /** Sends {@code SIGCONT} after {@link #pause()}. */
  public void resume() {
    signal("CONT");
  }

  /** Starts the server again on the same port after {@link #kill()} (an empty server: nothing persists). */
  public void restart() {
    if (process != null) {
      throw new IllegalStateException("redis-server on port " + port + " is still running");
    }
    for (int attempt = 0; ; attempt++) {
      try {
        launch();
        return;
      } catch (PortTakenException e) {
        if (attempt >= 20) {
          throw new IllegalStateException("port " + port + " stayed taken after redis-server died", e);
        }
        sleep(Duration.ofMillis(100)); // the old socket may linger for a moment
      }
    }
  }

  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** Kills the server (if it runs) and deletes its directory. */
  @Override
  public void close() {
    Process p = process;
    if (p != null) {
      resumeQuietly(p);
    }
    kill();
    deleteQuietly(dir);
  }

  private void launch() throws PortTakenException {
    List<String> command = new ArrayList<>(List.of(binary().toString()));
    try {
      command.addAll(arguments.of(dir, port));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the configuration of redis-server", e);
    }
    Path log = dir.resolve("redis-" + System.nanoTime() + ".log");
    Process started;
    try {
      started = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
    RUNNING.add(started);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        RUNNING.remove(started);
        String output = readQuietly(log);
        if (output.contains("Address already in use")) {
          throw new PortTakenException(port);
        }
        throw new IllegalStateException("redis-server exited at start (code " + started.exitValue() + "): " + output);
      }
      if (answersPing() || readOrEmpty(log).contains("Ready to accept connections")) {
        process = started;
        return;
      }
      sleep(Duration.ofMillis(20));
    }
    started.destroyForcibly();
    RUNNING.remove(started);
    throw new IllegalStateException("redis-server on port " + port + " did not answer PING within " + START_TIMEOUT
        + ": " + readQuietly(log));
  }

  /** True when something on the port answers a RESP inline {@code PING} (even with an auth error). */
  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      return line != null && (line.startsWith("+PONG") || line.startsWith("-NOAUTH"));
    } catch (IOException e) {
      return false;
    }
  }

  private void signal(String name) {
    Process p = running();
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + p.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send SIG" + name + " to redis-server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling redis-server", e);
    }
  }

  private static void resumeQuietly(Process p) {
    try {
      new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      // the kill below still ends it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Process running() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is not running");
    }
    return p;
  }

  private static void awaitExit(Process p) {
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server " + p.pid() + " did not die within 10 s of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server to die", e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }

  /** The chosen port was taken between picking it and binding it. */
  private static final class PortTakenException extends IOException {
    PortTakenException(int port) {
      super("port " + port + " is taken");
    }
  }
}
