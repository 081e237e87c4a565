package dev.portcullis.quickstart;

import dev.portcullis.core.config.ConfigurationException;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.ServerConfig;
import dev.portcullis.core.inject.Portcullis;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quickstart's entry point: a guarded echo server configured from the environment (CONTRACT §1);
 * with {@code token}, a token signed with {@code WS_JWT_SECRET}; with {@code doctor}, the security
 * checklist of the environment's configuration; with {@code verify <file>}, a check of an audit trail.
 *
 * <p>Started with no key at all ({@code WS_JWT_SECRET}, {@code WS_JWT_PUBLIC_KEY}, {@code WS_JWKS_URL})
 * and no bypass, it makes up a random 256-bit secret for this run and prints a ready-to-use token, so
 * that a first try needs no setup; the framework itself never invents a key. Exit status 2 means bad
 * configuration or arguments, 1 a failure to start. Thread-safe: {@link #run} keeps no state.
 */
public final class Quickstart {

  /** Exit status for bad configuration or arguments. */
  public static final int BAD_CONFIGURATION = 2;
  /** Exit status when the node could not start for another reason (the port is taken, say). */
  public static final int START_FAILED = 1;

  static final String QUICKSTART_SUBJECT = "quickstart-user";
  static final Duration QUICKSTART_TOKEN_LIFETIME = Duration.ofHours(1);
  static final String QUICKSTART_ADMIN = "quickstart-admin";
  private static final List<String> KEY_VARIABLES = List.of("WS_JWT_SECRET", "WS_JWT_PUBLIC_KEY", "WS_JWKS_URL");
  private static final List<String> BYPASS_VARIABLES = List.of("WS_AUTH_BYPASS", "DEV_WS_AUTH_BYPASS");
  private static final Logger LOG = LoggerFactory.getLogger(Quickstart.class);

  private Quickstart() {}

  /** What {@link #run} led to: an exit status, or a node that is now serving. */
  public sealed interface Outcome permits Exited, Started {}

  /** The command finished (or failed); the process should exit with {@code status}. */
  public record Exited(int status) implements Outcome {}

  /** The node is serving; stop it to end. */
  public record Started(Portcullis node) implements Outcome {}

  public static void main(String[] args) throws InterruptedException {
    Outcome outcome = run(args, System.getenv(), System.out, System.err);
    if (outcome instanceof Exited exited) {
      System.exit(exited.status());
    }
    Portcullis node = ((Started) outcome).node();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> node.stop(Portcullis.DEFAULT_GRACE), "portcullis-shutdown"));
    new CountDownLatch(1).await(); // serve until the process is told to stop; the hook drains the node
  }

  /**
   * Runs the quickstart as {@code main} would, with the environment, output and error streams given.
   *
   * @param args {@code []} to serve, {@code token --subject <sub> ...}, {@code doctor}, or {@code verify <file>}
   */
  public static Outcome run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      return serve(env, out, err);
    }
    switch (args[0]) {
      case "token":
        return token(Arrays.asList(args).subList(1, args.length), env, out, err);
      case "doctor":
        return new Exited(DoctorCommand.run(Arrays.asList(args).subList(1, args.length), env, out, err));
      case "verify":
        return new Exited(VerifyCommand.run(Arrays.asList(args).subList(1, args.length), out, err));
      case "help":
      case "--help":
      case "-h":
        out.println(usage());
        return new Exited(0);
      default:
        err.println("Unknown command '" + args[0] + "'.");
        err.println(usage());
        return new Exited(BAD_CONFIGURATION);
    }
  }

  private static Outcome serve(Map<String, String> env, PrintStream out, PrintStream err) {
    boolean generateKey = needsGeneratedKey(env);
    Map<String, String> effective = env;
    if (generateKey) {
      effective = new HashMap<>(env);
      effective.put("WS_JWT_SECRET", randomSecret());
    }
    Portcullis node;
    PortcullisConfig config;
    try {
      config = PortcullisConfig.fromEnvironment(effective);
      node = Portcullis.with(config)
          .payload("track", Track.class) // track payloads are bound to Track and validated
          .handler(new Echo())
          .start();
    } catch (ConfigurationException e) {
      err.println(e.getMessage());
      return new Exited(BAD_CONFIGURATION);
    } catch (RuntimeException e) {
      LOG.debug("The node failed to start", e);
      err.println("Portcullis could not start: " + e.getMessage());
      return new Exited(START_FAILED);
    }
    String endpoint = endpoint(config.server(), node.port());
    out.println("Portcullis quickstart: echoing on " + endpoint);
    if (generateKey) {
      String token = new QuickstartTokens(config.auth().jwt(), Clock.systemUTC())
          .mint(QUICKSTART_SUBJECT, List.of(), null, QUICKSTART_TOKEN_LIFETIME);
      out.println("No key configured (WS_JWT_SECRET, WS_JWT_PUBLIC_KEY or WS_JWKS_URL): "
          + "this run signs with a random secret that lives only as long as the process.");
      out.println("A token for '" + QUICKSTART_SUBJECT + "', valid for one hour:");
      out.println(token);
      out.println("Try it:");
      out.println("wscat -c \"" + endpoint + "?token=" + token + "\"");
    }
    String dashboard = origin(config.server(), node.routesPort()) + "/admin/";
    if (generateKey && config.admin().token() == null) {
      String adminToken = new QuickstartTokens(config.auth().jwt(), Clock.systemUTC())
          .mint(QUICKSTART_ADMIN, List.of(config.admin().role()), null, QUICKSTART_TOKEN_LIFETIME);
      out.println("The admin dashboard: " + dashboard + " (from this machine), with this admin token, valid for one hour:");
      out.println(adminToken);
    } else {
      out.println("The admin dashboard: " + dashboard + " (WS_ADMIN_TOKEN, or a JWT whose roles hold '"
          + config.admin().role() + "')");
    }
    out.flush();
    return new Started(node);
  }

  private static Outcome token(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    TokenCommand command;
    try {
      command = TokenCommand.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(TokenCommand.USAGE);
      return new Exited(BAD_CONFIGURATION);
    }
    if (env.get("WS_JWT_SECRET") == null) {
      err.println("token: WS_JWT_SECRET is not set. This command signs with the server's HMAC secret: "
          + "set WS_JWT_SECRET (at least 32 bytes) to the value the server uses.");
      return new Exited(BAD_CONFIGURATION);
    }
    try {
      PortcullisConfig config = PortcullisConfig.fromEnvironment(env);
      out.println(new QuickstartTokens(config.auth().jwt(), Clock.systemUTC())
          .mint(command.subject(), command.roles(), command.sid(), command.ttl()));
      return new Exited(0);
    } catch (ConfigurationException e) {
      err.println(e.getMessage());
      return new Exited(BAD_CONFIGURATION);
    }
  }

  /** True when no key variable is set at all and no bypass asked to do without one. */
  static boolean needsGeneratedKey(Map<String, String> env) {
    for (String variable : KEY_VARIABLES) {
      if (env.get(variable) != null) {
        return false;
      }
    }
    for (String variable : BYPASS_VARIABLES) {
      if ("true".equalsIgnoreCase(String.valueOf(env.get(variable)).trim())) {
        return false;
      }
    }
    return !"false".equalsIgnoreCase(String.valueOf(env.get("WS_REQUIRE_AUTH")).trim());
  }

  /** 256 random bits, base64url: 43 ASCII characters, so 43 bytes of HMAC key. */
  private static String randomSecret() {
    byte[] bits = new byte[32];
    new SecureRandom().nextBytes(bits);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }

  /** Where a client on this machine connects: a wildcard bind address is reached as {@code localhost}. */
  static String endpoint(ServerConfig server, int port) {
    return (server.tls() ? "wss" : "ws") + "://" + hostAndPort(server, port) + server.path();
  }

  /** The HTTP origin of the admin routes, reached as {@link #endpoint} is. */
  static String origin(ServerConfig server, int port) {
    return (server.tls() ? "https" : "http") + "://" + hostAndPort(server, port);
  }

  private static String hostAndPort(ServerConfig server, int port) {
    String host = server.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "localhost";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return host + ":" + port;
  }

  private static String usage() {
    return String.join(System.lineSeparator(),
        "usage: java -jar portcullis-quickstart.jar            serve (configured by WS_* variables)",
        "       java -jar portcullis-quickstart.jar token --subject <sub> [--roles a,b] [--ttl <seconds>] [--sid <id>]",
        "                                                      print a token signed with WS_JWT_SECRET",
        "       java -jar portcullis-quickstart.jar doctor     the security checklist of this configuration",
        "                                                      (exit 1 when a point fails, 2 on a config error)",
        "       java -jar portcullis-quickstart.jar verify <file>",
        "                                                      check an audit trail's chain (exit 1 names the first",
        "                                                      broken line)");
  }
}
