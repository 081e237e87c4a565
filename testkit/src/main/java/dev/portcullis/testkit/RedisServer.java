package dev.portcullis.testkit;

import java.io.BufferedReader;
import java.io.File;
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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} child process on {@code 127.0.0.1} and a free port, in a temporary directory
 * of its own, with persistence off ({@code --save "" --appendonly no}), for tests that run Portcullis
 * with {@code WS_STATE=redis}.
 *
 * <pre>{@code
 * static final RedisServer redis = RedisServer.start();
 *
 * @RegisterExtension
 * static final PortcullisServer server = PortcullisServer.with(c -> c.jwtSecret(SECRET)
 *     .state(StateKind.REDIS).redisUrl(redis.uri()));
 *
 * @AfterAll
 * static void stopRedis() {
 *   redis.close();
 * }
 * }</pre>
 *
 * <p>{@link #builder()} adds a password, TLS (with {@link TestCertificates}) or any other
 * {@code redis-server} argument; {@link #startSentinel} runs the same binary as a Sentinel. To see how an
 * application lives through an outage a test can {@link #kill()} the server ({@code SIGKILL}),
 * {@link #pause()} and {@link #resume()} it ({@code SIGSTOP}/{@code SIGCONT}), and {@link #restart()} it
 * empty on the same port. Every process started is killed by {@link #close()} and, should the test JVM
 * end first, by a shutdown hook, so no run leaves a server behind; no other Redis on the machine is
 * touched.
 *
 * <p>The binary is {@code redis-server} from the {@code PATH}, or the one {@code $REDIS_SERVER} names.
 * When there is none, starting fails with a message saying how to install it: a test that needs Redis
 * never skips. Thread-safe.
 */
public final class RedisServer implements AutoCloseable {

  /** How long a starting server may take to answer {@code PING}. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private static final String HOST = "127.0.0.1";
  /** Fresh ports picked before giving up: another process may take one between picking and binding. */
  private static final int PORT_ATTEMPTS = 5;
  /** How long a killed server's port may stay taken before {@link #restart()} gives up. */
  private static final Duration PORT_RELEASE = Duration.ofSeconds(2);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
        "portcullis-redis-reaper"));
  }

  /** The arguments after the binary, given the server's directory and port. */
  private interface Arguments {
    List<String> of(Path dir, int port) throws IOException;
  }

  private final Arguments arguments;
  private final String scheme;
  private final String password;
  private final Path dir;
  private final int port;
  private volatile Process process;

  private RedisServer(int port, String scheme, String password, Arguments arguments) {
    this.port = port;
    this.scheme = scheme;
    this.password = password;
    this.arguments = arguments;
    try {
      this.dir = Files.createTempDirectory("portcullis-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for redis-server", e);
    }
  }

  /** Starts a plain server, without a password, on a free port. */
  public static RedisServer start() {
    return builder().start();
  }

  /** A server to configure: a password, TLS, more {@code redis-server} arguments. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a Sentinel (the same binary, {@code --sentinel}) on a free port, watching {@code primary} as
   * {@code name} with a quorum of {@code quorum} and quick failure detection: the primary counts as down
   * after {@code downAfter} of silence, and a failover is abandoned after three times that. Its
   * {@link #uri()} is the Sentinel's own; a client reaches the primary through
   * {@code redis-sentinel://127.0.0.1:<port>/0#<name>}.
   */
  public static RedisServer startSentinel(String name, RedisServer primary, int quorum, Duration downAfter) {
    Objects.requireNonNull(name, "name");
    int primaryPort = primary.port();
    return start("redis", null, (dir, port) -> {
      Path config = dir.resolve("sentinel-" + port + ".conf");
      Files.writeString(config, String.join("\n",
          "port " + port,
          "bind " + HOST,
          "daemonize no",
          "dir " + dir,
          "sentinel monitor " + name + " " + HOST + " " + primaryPort + " " + quorum,
          "sentinel down-after-milliseconds " + name + " " + downAfter.toMillis(),
          "sentinel failover-timeout " + name + " " + downAfter.multipliedBy(3).toMillis(),
          "sentinel parallel-syncs " + name + " 1",
          ""));
      return List.of(config.toString(), "--sentinel");
    });
  }

  /** How a server is started; one builder may start several servers alike. Not thread-safe. */
  public static final class Builder {

    private final List<String> extra = new ArrayList<>();
    private String password;
    private Path certificate;
    private Path key;
    private Path authority;

    private Builder() {}

    /**
     * Clients must authenticate with {@code password} ({@code --requirepass}); {@link #uri()} carries it,
     * so it is limited to the characters a URI takes as they are: letters, digits, {@code . _ ~ -}.
     */
    public Builder password(String password) {
      if (password == null || !password.matches("[A-Za-z0-9._~-]+")) {
        throw new IllegalArgumentException("a redis-server password must be letters, digits, '.', '_', '~' or '-' "
            + "(it goes into the URI as it is), and not empty");
      }
      this.password = password;
      return this;
    }

    /**
     * The server speaks TLS only (its plain port is off) with the server certificate and key of
     * {@code certificates}, not asking clients for certificates; {@link #uri()} is then {@code rediss://}.
     */
    public Builder tls(TestCertificates certificates) {
      return tls(certificates.certificateFile(), certificates.keyFile(), certificates.authorityFile());
    }

    /** TLS only, with a PEM {@code certificate} chain and {@code key}, and the {@code authority} that signed it. */
    public Builder tls(Path certificate, Path key, Path authority) {
      this.certificate = Objects.requireNonNull(certificate, "certificate");
      this.key = Objects.requireNonNull(key, "key");
      this.authority = Objects.requireNonNull(authority, "authority");
      return this;
    }

    /** More {@code redis-server} arguments, after the launcher's own: {@code "--maxmemory", "2mb"}. */
    public Builder arguments(String... arguments) {
      return arguments(List.of(arguments));
    }

    /** More {@code redis-server} arguments, after the launcher's own. */
    public Builder arguments(List<String> arguments) {
      extra.addAll(arguments);
      return this;
    }

    /** Starts a server so configured on a free port and waits until it answers {@code PING}. */
    public RedisServer start() {
      List<String> more = new ArrayList<>(extra);
      if (password != null) {
        more.addAll(List.of("--requirepass", password));
      }
      if (certificate == null) {
        return RedisServer.start("redis", password, (dir, port) -> serverArguments(dir,
            List.of("--port", Integer.toString(port)), more));
      }
      List<String> tls = List.of("--tls-cert-file", certificate.toString(), "--tls-key-file", key.toString(),
          "--tls-ca-cert-file", authority.toString(), "--tls-auth-clients", "no");
      return RedisServer.start("rediss", password, (dir, port) -> {
        List<String> ports = new ArrayList<>(List.of("--port", "0", "--tls-port", Integer.toString(port)));
        ports.addAll(tls);
        return serverArguments(dir, ports, more);
      });
    }
  }

  private static List<String> serverArguments(Path dir, List<String> ports, List<String> extra) {
    List<String> args = new ArrayList<>(ports);
    args.addAll(List.of("--bind", HOST, "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--daemonize", "no", "--logfile", ""));
    args.addAll(extra);
    return args;
  }

  private static RedisServer start(String scheme, String password, Arguments arguments) {
    Path binary = binary();
    PortTakenException last = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      RedisServer server = new RedisServer(freePort(), scheme, password, arguments);
      try {
        server.launch(binary);
        return server;
      } catch (PortTakenException e) {
        server.close();
        last = e;
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    }
    throw new IllegalStateException("redis-server found no free port in " + PORT_ATTEMPTS + " attempts", last);
  }

  private static Path binary() {
    return binary(System.getenv());
  }

  /** The binary that {@code environment} names, or a failure that says how to get one. */
  static Path binary(Map<String, String> environment) {
    String override = environment.get("REDIS_SERVER");
    if (override != null && !override.isBlank()) {
      Path named = Path.of(override);
      if (Files.isExecutable(named)) {
        return named;
      }
      throw new IllegalStateException("$REDIS_SERVER=" + override + " is not an executable redis-server");
    }
    String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String entry : path.split(File.pathSeparator)) {
      Path candidate = Path.of(entry, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("redis-server is not installed (not on the PATH, and $REDIS_SERVER is unset): "
        + "these tests run against a real server. Install it (Debian/Ubuntu: apt-get install redis-server, "
        + "macOS: brew install redis) or point $REDIS_SERVER at the binary.");
  }

  /** The port the server listens on (its TLS port for a TLS server). */
  public int port() {
    return port;
  }

  /**
   * The URI a client reaches the server with: {@code redis://127.0.0.1:<port>}, {@code rediss://} for a
   * TLS server, and {@code redis://:<password>@127.0.0.1:<port>} when it has a password. Give it to
   * {@code WS_REDIS_URL}; Portcullis never logs the password.
   */
  public String uri() {
    return scheme + "://" + (password == null ? "" : ":" + password + "@") + HOST + ":" + port;
  }

  /** Sends {@code SIGKILL}: the server dies at once without closing its sockets politely; a no-op when stopped. */
  public synchronized void kill() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
      awaitExit(p);
      RUNNING.remove(p);
      process = null;
    }
  }

  /** Sends {@code SIGSTOP}: the server keeps its sockets open and answers nothing until {@link #resume()}. */
  public void pause() {
    signal(running(), "STOP");
  }

  /** Sends {@code SIGCONT} after {@link #pause()}. */
  public void resume() {
    signal(running(), "CONT");
  }

  /** Starts the server again on the same port after {@link #kill()}: an empty server, nothing persists. */
  public synchronized void restart() {
    if (process != null) {
      throw new IllegalStateException("redis-server on port " + port + " is still running: kill() it first");
    }
    Path binary = binary();
    long deadline = System.nanoTime() + PORT_RELEASE.toNanos();
    for (;;) {
      try {
        launch(binary);
        return;
      } catch (PortTakenException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("port " + port + " stayed taken for " + PORT_RELEASE
              + " after redis-server died", e);
        }
        pauseFor(POLL.multipliedBy(5)); // the killed server's socket may linger for a moment
      }
    }
  }

  /** True while the server process lives (a paused server lives). */
  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** Kills the server if it runs (resuming it first if paused) and deletes its directory. */
  @Override
  public synchronized void close() {
    Process p = process;
    if (p != null && p.isAlive()) {
      try {
        signal(p, "CONT");
      } catch (RuntimeException e) {
        // SIGKILL below ends a stopped process all the same
      }
    }
    kill();
    deleteQuietly(dir);
  }

  /** The server's scheme and address, never its password. */
  @Override
  public String toString() {
    return "redis-server " + scheme + "://" + HOST + ":" + port + (isRunning() ? "" : " (stopped)");
  }

  private void launch(Path binary) throws PortTakenException {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
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
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    RUNNING.add(started);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        RUNNING.remove(started);
        String output = read(log);
        if (output.contains("Address already in use")) {
          throw new PortTakenException(port);
        }
        throw new IllegalStateException("redis-server exited at start (code " + started.exitValue() + "): "
            + output);
      }
      if (answersPing() || read(log).contains("Ready to accept connections")) {
        process = started;
        return;
      }
      pauseFor(POLL);
    }
    started.destroyForcibly();
    RUNNING.remove(started);
    throw new IllegalStateException("redis-server on port " + port + " did not answer PING within " + START_TIMEOUT
        + ": " + read(log));
  }

  /** True when something on the port answers a RESP inline {@code PING}, even with an authentication error. */
  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 200);
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

  /** Java has no API for {@code SIGSTOP}/{@code SIGCONT}: the {@code kill} command sends them. */
  private static void signal(Process p, String name) {
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

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(HOST, 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }

  private static void pauseFor(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  /** The chosen port was taken between picking it and binding it. */
  private static final class PortTakenException extends IOException {
    private PortTakenException(int port) {
      super("port " + port + " is taken");
    }
  }
}
