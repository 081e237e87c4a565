package dev.portcullis.admin.checklist;

import dev.portcullis.core.config.BlockingConfig;
import dev.portcullis.core.config.JwtConfig;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.Profile;
import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.core.config.StateKind;
import dev.portcullis.core.model.Cidr;
import dev.portcullis.core.model.CidrSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The security checklist: the seed's "Security Checklist" and "Production Configuration", answered
 * point by point for one effective configuration. Behind {@code doctor} in the quickstart and
 * {@code GET /admin/checklist}. Stateless and thread-safe.
 *
 * <p>Limits warn when they are looser than the seed's production values ({@link #SEED_ATTEMPTS_PER_MINUTE}
 * and the constants beside it) and fail when they are ten times looser than the contract's defaults: a
 * value that large is no limit at all, usually set to switch one off. The contract's defaults themselves
 * pass or warn, never fail, so a node started with no tuning is usable and is told what to tighten.
 */
public final class Checklist {

  /** The seed's production values ("Conservative rate limits", "Strong DDoS protection"). */
  static final int SEED_ATTEMPTS_PER_MINUTE = 5;
  static final int SEED_MESSAGES_PER_SECOND = 50;
  static final int SEED_MAX_FAILED_AUTH = 3;
  static final long SEED_BLOCK_SECONDS = 900;
  static final int SEED_SUSPICIOUS_THRESHOLD = 20;
  /** The seed's message limits, which are also the contract's defaults. */
  static final int SEED_MAX_MESSAGE_SIZE = 1_048_576;
  static final int SEED_MAX_QUEUE_SIZE = 1000;
  static final long SEED_REPLAY_SECONDS = 300;
  /** How many times looser than the contract's default a limit may be before it fails. */
  static final int LOOSE_FACTOR = 10;
  /** Shortest static admin token accepted: 256 bits, like an HMAC key. */
  static final int MIN_ADMIN_TOKEN_BYTES = 32;
  static final int MIN_HMAC_BYTES = 32;
  static final long MAX_AUTH_TIMEOUT_SECONDS = 60;

  private Checklist() {}

  /** Every point, in a fixed order, for {@code config}. */
  public static List<CheckItem> evaluate(PortcullisConfig config) {
    List<CheckItem> items = new ArrayList<>();
    authentication(config, items);
    transport(config, items);
    limits(config, items);
    blocking(config, items);
    admin(config, items);
    state(config, items);
    return List.copyOf(items);
  }

  private static void authentication(PortcullisConfig c, List<CheckItem> items) {
    boolean production = c.profile() == Profile.PRODUCTION;
    items.add(production
        ? pass("profile", "Production profile", "WS_PROFILE=production refuses every authentication bypass at start-up.", "WS_PROFILE")
        : warn("profile", "Production profile", "WS_PROFILE=development allows an authentication bypass; "
            + "run production nodes with WS_PROFILE=production.", "WS_PROFILE"));
    if (!c.auth().bypass()) {
      items.add(pass("auth-bypass", "Authentication bypass off", "Every connection needs a real token.", "WS_AUTH_BYPASS"));
    } else if (production) {
      items.add(fail("auth-bypass", "Authentication bypass off", "The bypass admits anyone as DEV_WS_USER_ID without a "
          + "token; set WS_AUTH_BYPASS and DEV_WS_AUTH_BYPASS to false.", "WS_AUTH_BYPASS"));
    } else {
      items.add(warn("auth-bypass", "Authentication bypass off", "The bypass admits anyone as '" + c.auth().devUserId()
          + "' without a token: fine on a developer's machine only; WS_PROFILE=production refuses it.", "WS_AUTH_BYPASS"));
    }
    items.add(c.auth().requireAuth()
        ? pass("require-auth", "Authentication required", "A connection must present a valid token.", "WS_REQUIRE_AUTH")
        : fail("require-auth", "Authentication required", "WS_REQUIRE_AUTH=false admits anonymous connections; "
            + "set it to true.", "WS_REQUIRE_AUTH"));
    JwtConfig jwt = c.auth().jwt();
    items.add(jwt.keySources() > 0
        ? pass("jwt-key", "A token key is configured", "Tokens are verified with " + keyKind(jwt) + ".", "WS_JWT_SECRET")
        : fail("jwt-key", "A token key is configured", "No WS_JWT_SECRET, WS_JWT_PUBLIC_KEY or WS_JWKS_URL: "
            + "no token can be verified.", "WS_JWT_SECRET"));
    if (jwt.secret() == null) {
      items.add(pass("hmac-secret", "HMAC secret long enough", "No HMAC secret in use.", "WS_JWT_SECRET"));
    } else if (jwt.secret().byteLength() < MIN_HMAC_BYTES) {
      items.add(fail("hmac-secret", "HMAC secret long enough", "The secret has " + jwt.secret().byteLength()
          + " bytes; HMAC needs at least " + MIN_HMAC_BYTES + " random bytes (256 bits).", "WS_JWT_SECRET"));
    } else {
      items.add(pass("hmac-secret", "HMAC secret long enough", "The secret has " + jwt.secret().byteLength()
          + " bytes (at least " + MIN_HMAC_BYTES + ").", "WS_JWT_SECRET"));
    }
    items.add(jwt.issuer() != null
        ? pass("jwt-issuer", "Token issuer checked", "Tokens must carry iss=" + jwt.issuer() + ".", "WS_JWT_ISSUER")
        : warn("jwt-issuer", "Token issuer checked", "Any issuer is accepted as long as the signature holds; "
            + "set WS_JWT_ISSUER to your identity provider.", "WS_JWT_ISSUER"));
    items.add(jwt.audience() != null || !jwt.authorizedParties().isEmpty()
        ? pass("jwt-audience", "Token audience checked", "Tokens must be meant for this service (aud or azp).", "WS_JWT_AUDIENCE")
        : warn("jwt-audience", "Token audience checked", "A token the same issuer made for another application is "
            + "accepted here; set WS_JWT_AUDIENCE (or WS_JWT_AUTHORIZED_PARTIES for Clerk).", "WS_JWT_AUDIENCE"));
    long authTimeout = c.auth().authTimeout().getSeconds();
    items.add(authTimeout <= MAX_AUTH_TIMEOUT_SECONDS
        ? pass("auth-timeout", "Unauthenticated sockets time out", "A socket without a token is closed after "
            + authTimeout + " s.", "WS_AUTH_TIMEOUT")
        : warn("auth-timeout", "Unauthenticated sockets time out", "A socket without a token may wait " + authTimeout
            + " s, holding a slot; " + MAX_AUTH_TIMEOUT_SECONDS + " s or less is plenty.", "WS_AUTH_TIMEOUT"));
  }

  private static void transport(PortcullisConfig c, List<CheckItem> items) {
    boolean tls = c.server().tls();
    items.add(tls
        ? pass("tls", "TLS (wss://)", "The node serves wss:// and https:// itself.", "WS_TLS_CERT_FILE")
        : warn("tls", "TLS (wss://)", "The node speaks plain ws://, so tokens cross the network in clear text unless "
            + "a TLS-terminating proxy sits in front: fine behind one, never exposed directly.", "WS_TLS_CERT_FILE"));
    CidrSet proxies = c.network().trustedProxies();
    if (hasEverything(proxies)) {
      items.add(fail("trusted-proxies", "Only real proxies are trusted", "WS_TRUSTED_PROXIES holds " + proxies
          + ": any client can claim any address in X-Forwarded-For and dodge its limits and blocks.", "WS_TRUSTED_PROXIES"));
    } else if (proxies.isEmpty() && !tls) {
      items.add(warn("trusted-proxies", "Only real proxies are trusted", "No proxy is trusted: if a proxy does sit in "
          + "front (as the TLS warning assumes), every client counts as the proxy's address and one offender blocks "
          + "everyone; list the proxy's addresses.", "WS_TRUSTED_PROXIES"));
    } else {
      items.add(pass("trusted-proxies", "Only real proxies are trusted", proxies.isEmpty()
          ? "Forwarded headers are ignored; clients are known by their own address."
          : "Forwarded headers are believed only from " + proxies + ".", "WS_TRUSTED_PROXIES"));
    }
    List<String> wildcard = new ArrayList<>();
    List<String> plain = new ArrayList<>();
    for (String origin : c.network().allowedOrigins()) {
      if (origin.contains("*") || origin.equals("null")) {
        wildcard.add(origin);
      } else if (origin.startsWith("http://")) {
        plain.add(origin);
      }
    }
    if (!wildcard.isEmpty()) {
      items.add(fail("origins", "Browser origins are exact", "WS_ALLOWED_ORIGINS holds " + wildcard + ": any page "
          + "could open sockets with its visitors' cookies; list the exact https:// origins.", "WS_ALLOWED_ORIGINS"));
    } else if (!plain.isEmpty()) {
      items.add(warn("origins", "Browser origins are exact", "WS_ALLOWED_ORIGINS holds plain http:// origins " + plain
          + ": a page served without TLS can be altered in transit to script this socket; use https://.",
          "WS_ALLOWED_ORIGINS"));
    } else {
      items.add(pass("origins", "Browser origins are exact", c.network().allowedOrigins().isEmpty()
          ? "Only pages from the same host may connect." : "Only " + c.network().allowedOrigins().size()
          + " exact https:// origin(s) may connect.", "WS_ALLOWED_ORIGINS"));
    }
    items.add(c.messages().compression()
        ? warn("compression", "Compression off", "permessage-deflate costs CPU per message and opens compression "
            + "side channels (CRIME/BREACH style) when secrets and attacker text share a message; the size limit "
            + "still bounds inflation.", "WS_COMPRESSION")
        : pass("compression", "Compression off", "No permessage-deflate: no compression side channel or CPU cost.",
            "WS_COMPRESSION"));
    int prefix = c.network().ipv6PrefixLength();
    items.add(prefix <= 64
        ? pass("ipv6-prefix", "IPv6 clients counted per network", "IPv6 clients are limited per /" + prefix + ".",
            "WS_IPV6_PREFIX_LENGTH")
        : warn("ipv6-prefix", "IPv6 clients counted per network", "IPv6 clients are limited per /" + prefix + ", but one "
            + "host usually holds a whole /64 and can rotate addresses inside it to dodge limits; use 64.",
            "WS_IPV6_PREFIX_LENGTH"));
  }

  private static void limits(PortcullisConfig c, List<CheckItem> items) {
    items.add(atMost("attempts-per-ip", "Connection attempts per address", c.connections().maxAttemptsPerAddress(),
        SEED_ATTEMPTS_PER_MINUTE, "the seed's production value", 10, "attempts a minute", "WS_MAX_CONNECTIONS_PER_IP"));
    items.add(atMost("concurrent-per-ip", "Open connections per address", c.connections().maxConcurrentPerAddress(),
        50, "the default", 50, "open connections", "WS_MAX_CONCURRENT_PER_IP"));
    items.add(atMost("connections-per-user", "Open connections per user", c.connections().maxPerUser(),
        20, "the default", 20, "open connections", "WS_MAX_CONNECTIONS_PER_USER"));
    items.add(atMost("messages-per-second", "Messages per second per connection", c.messages().maxPerSecond(),
        SEED_MESSAGES_PER_SECOND, "the seed's production value", 100, "messages a second", "WS_MAX_MESSAGES_PER_SECOND"));
    items.add(atMost("message-burst", "Message burst per connection", c.messages().burst(),
        c.messages().maxPerSecond(), "the message rate", 100, "messages at once", "WS_MESSAGE_BURST"));
    items.add(atMost("message-size", "Message size", c.messages().maxMessageSize(),
        SEED_MAX_MESSAGE_SIZE, "the default", SEED_MAX_MESSAGE_SIZE, "bytes", "WS_MAX_MESSAGE_SIZE"));
    items.add(atMost("queue-size", "Outbound queue per connection", c.messages().maxQueueSize(),
        SEED_MAX_QUEUE_SIZE, "the default", SEED_MAX_QUEUE_SIZE, "messages", "WS_MAX_QUEUE_SIZE"));
    items.add(atMost("replay-window", "Replay window", c.messages().replayWindow().getSeconds(),
        SEED_REPLAY_SECONDS, "the default", SEED_REPLAY_SECONDS, "seconds", "WS_REPLAY_WINDOW"));
  }

  private static void blocking(PortcullisConfig c, List<CheckItem> items) {
    BlockingConfig b = c.blocking();
    items.add(atMost("failed-auth", "Failed authentications before a block", b.maxFailedAuth(),
        SEED_MAX_FAILED_AUTH, "the seed's production value", 5, "failures", "WS_MAX_FAILED_AUTH"));
    items.add(atMost("suspicious-threshold", "Violation score before a block", b.suspiciousThreshold(),
        SEED_SUSPICIOUS_THRESHOLD, "the seed's production value", 50, "points", "WS_SUSPICIOUS_THRESHOLD"));
    long block = b.blockDuration().getSeconds();
    if (block >= SEED_BLOCK_SECONDS) {
      items.add(pass("block-duration", "Block duration", "An automatic block lasts " + block + " s (the seed's "
          + "production value is " + SEED_BLOCK_SECONDS + ").", "WS_BLOCK_DURATION"));
    } else if (block * LOOSE_FACTOR >= 300) {
      items.add(warn("block-duration", "Block duration", "An automatic block lasts " + block + " s; the seed's "
          + "production value is " + SEED_BLOCK_SECONDS + " s.", "WS_BLOCK_DURATION"));
    } else {
      items.add(fail("block-duration", "Block duration", "An automatic block lasts only " + block + " s: an attacker "
          + "barely notices; the seed's production value is " + SEED_BLOCK_SECONDS + " s.", "WS_BLOCK_DURATION"));
    }
    items.add(hasEverything(b.allowlist())
        ? fail("allowlist", "Allow-list is narrow", "WS_ALLOWLIST holds " + b.allowlist() + ": nobody is ever "
            + "rate-limited or blocked.", "WS_ALLOWLIST")
        : pass("allowlist", "Allow-list is narrow", b.allowlist().isEmpty() ? "No address is exempt from limits."
            : "Exempt from limits: " + b.allowlist() + ".", "WS_ALLOWLIST"));
    if (b.dryRun().isEmpty()) {
      items.add(pass("dry-run", "Policies enforce", "No policy is in dry-run mode.", "WS_DRY_RUN"));
    } else if (b.dryRun().contains("all")) {
      items.add(fail("dry-run", "Policies enforce", "WS_DRY_RUN=all: every policy only reports what it would refuse "
          + "and nothing is enforced; empty it once the roll-out is checked.", "WS_DRY_RUN"));
    } else {
      items.add(warn("dry-run", "Policies enforce", "Only reporting, not refusing: " + String.join(", ",
          new java.util.TreeSet<>(b.dryRun())) + "; empty WS_DRY_RUN once the roll-out is checked.", "WS_DRY_RUN"));
    }
  }

  private static void admin(PortcullisConfig c, List<CheckItem> items) {
    CidrSet allowed = c.admin().allowedAddresses();
    items.add(hasEverything(allowed)
        ? fail("admin-network", "Admin reachable only from known networks", "WS_ADMIN_ALLOWED_IPS holds " + allowed
            + ": the admin routes and /metrics answer the whole internet; list your operators' networks.",
            "WS_ADMIN_ALLOWED_IPS")
        : pass("admin-network", "Admin reachable only from known networks", allowed.isEmpty()
            ? "No address may reach /admin." : "Only " + allowed + " may reach /admin.", "WS_ADMIN_ALLOWED_IPS"));
    items.add(c.server().routesPort() == null
        ? warn("admin-port", "Admin on a port of its own", "The admin routes, /health and /metrics share the public "
            + "WebSocket port: a flood there delays them, and a firewall cannot keep them internal.", "WS_ADMIN_PORT")
        : pass("admin-port", "Admin on a port of its own", "The admin routes listen on port " + c.server().routesPort()
            + ", apart from the WebSocket endpoint.", "WS_ADMIN_PORT"));
    if (c.admin().token() != null) {
      int bytes = c.admin().token().byteLength();
      items.add(bytes >= MIN_ADMIN_TOKEN_BYTES
          ? pass("admin-credential", "Admin credential", "A static admin token of " + bytes + " bytes is set.",
              "WS_ADMIN_TOKEN")
          : fail("admin-credential", "Admin credential", "WS_ADMIN_TOKEN has " + bytes + " bytes: guessable; use at "
              + "least " + MIN_ADMIN_TOKEN_BYTES + " random bytes.", "WS_ADMIN_TOKEN"));
    } else if (c.auth().jwt().keySources() > 0) {
      items.add(pass("admin-credential", "Admin credential", "Admins present a JWT whose roles hold '"
          + c.admin().role() + "'.", "WS_ADMIN_ROLE"));
    } else {
      items.add(warn("admin-credential", "Admin credential", "No WS_ADMIN_TOKEN and no JWT key: every admin request "
          + "is refused 401, so nobody can see statistics or lift a block.", "WS_ADMIN_TOKEN"));
    }
    items.add(c.admin().auditFile() != null
        ? pass("audit-file", "Audit trail kept", "Admin changes and blocks are chained into " + c.admin().auditFile()
            .getFileName() + ".", "WS_AUDIT_FILE")
        : warn("audit-file", "Audit trail kept", "Admin changes and automatic blocks leave no tamper-evident record; "
            + "set WS_AUDIT_FILE.", "WS_AUDIT_FILE"));
  }

  private static void state(PortcullisConfig c, List<CheckItem> items) {
    if (c.state().kind() != StateKind.REDIS) {
      items.add(pass("redis-failure-mode", "Limits hold while Redis is down", "State is node-local; no Redis.",
          "WS_REDIS_FAILURE_MODE"));
      return;
    }
    items.add(c.state().failureMode() == RedisFailureMode.OPEN
        ? warn("redis-failure-mode", "Limits hold while Redis is down", "WS_REDIS_FAILURE_MODE=open admits "
            + "connections unchecked by the shared limits while Redis is unreachable; local keeps enforcing.",
            "WS_REDIS_FAILURE_MODE")
        : pass("redis-failure-mode", "Limits hold while Redis is down", "While Redis is unreachable the node "
            + "keeps " + (c.state().failureMode() == RedisFailureMode.LOCAL ? "enforcing with local state."
            : "refusing new connections."), "WS_REDIS_FAILURE_MODE"));
    items.add(!c.state().redisUrl().startsWith("rediss://") && !loopbackOnly(c.state().redisUrl())
        ? warn("redis-tls", "Redis traffic encrypted", "State travels to a remote Redis in clear text; use "
            + "rediss:// unless the network between is private.", "WS_REDIS_URL")
        : pass("redis-tls", "Redis traffic encrypted", "Redis is local or reached over TLS.", "WS_REDIS_URL"));
  }

  /**
   * Passes at or below {@code strict} (described as {@code strictName}), warns up to {@code LOOSE_FACTOR} times {@code contractDefault},
   * fails above.
   */
  private static CheckItem atMost(String id, String title, long value, long strict, String strictName,
      long contractDefault, String unit, String variable) {
    if (value <= strict) {
      return pass(id, title, value + " " + unit + " (at most " + strict + ", " + strictName + ").", variable);
    }
    if (value <= contractDefault * LOOSE_FACTOR) {
      return warn(id, title, value + " " + unit + " is more generous than " + strict + ", " + strictName
          + "; tighten it unless your traffic needs it.", variable);
    }
    return fail(id, title, value + " " + unit + " is more than " + LOOSE_FACTOR + " times the default of "
        + contractDefault + ": barely a limit at all.", variable);
  }

  /** True when every host of a Redis URI (one, or a comma-separated cluster list) is this machine. */
  private static boolean loopbackOnly(String redisUrl) {
    String authority = redisUrl.substring(redisUrl.indexOf("://") + 3).split("[/?]", 2)[0];
    authority = authority.substring(authority.lastIndexOf('@') + 1); // never look at the password
    for (String host : authority.split(",")) {
      if (!(host.startsWith("127.") || host.startsWith("localhost") || host.startsWith("[::1]"))) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasEverything(CidrSet set) {
    for (Cidr range : set.ranges()) {
      if (range.prefixLength() == 0) {
        return true;
      }
    }
    return false;
  }

  private static String keyKind(JwtConfig jwt) {
    if (jwt.secret() != null) {
      return "an HMAC secret";
    }
    return jwt.publicKeyPem() != null ? "a PEM public key" : "keys from a JWKS URL";
  }

  private static CheckItem pass(String id, String title, String reason, String variable) {
    return new CheckItem(id, CheckStatus.PASS, title, reason, variable);
  }

  private static CheckItem warn(String id, String title, String reason, String variable) {
    return new CheckItem(id, CheckStatus.WARN, title, reason, variable);
  }

  private static CheckItem fail(String id, String title, String reason, String variable) {
    return new CheckItem(id, CheckStatus.FAIL, title, reason, variable);
  }
}
