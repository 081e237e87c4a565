package dev.portcullis.core.config;

import dev.portcullis.core.model.CidrSet;
import dev.portcullis.core.model.Origin;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps environment variables onto a {@link PortcullisConfig.Builder}. A value that does not parse is
 * recorded, not thrown, so that start-up reports every bad variable at once.
 */
final class EnvironmentReader {

  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentReader.class);

  /** Variables that are ours although they do not start with {@code WS_}. */
  private static final Set<String> DEV_VARIABLES = Set.of("DEV_WS_AUTH_BYPASS", "DEV_WS_USER_ID");

  private static final Map<String, BiConsumer<PortcullisConfig.Builder, String>> SETTERS = new LinkedHashMap<>();

  static {
    on("WS_HOST", (b, v) -> b.host(v.trim()));
    on("WS_PORT", (b, v) -> b.port(integer(v)));
    on("WS_PATH", (b, v) -> b.path(v.trim()));
    on("WS_HANDSHAKE_TIMEOUT", (b, v) -> b.handshakeTimeout(seconds(v)));
    on("WS_TLS_CERT_FILE", (b, v) -> b.tlsCertFile(Path.of(v.trim())));
    on("WS_TLS_KEY_FILE", (b, v) -> b.tlsKeyFile(Path.of(v.trim())));
    on("WS_ADMIN_PORT", (b, v) -> b.routesPort(integer(v)));
    on("WS_PROFILE", (b, v) -> b.profile(choice(Profile.class, v)));
    on("WS_MAX_CONNECTIONS_PER_IP", (b, v) -> b.maxConnectionsPerIp(integer(v)));
    on("WS_MAX_CONCURRENT_PER_IP", (b, v) -> b.maxConcurrentPerIp(integer(v)));
    on("WS_MAX_CONNECTIONS_PER_USER", (b, v) -> b.maxConnectionsPerUser(integer(v)));
    on("WS_MAX_CONNECTIONS_TOTAL", (b, v) -> b.maxConnectionsTotal(integer(v)));
    on("WS_CONNECTION_TIMEOUT", (b, v) -> b.connectionTimeout(seconds(v)));
    on("WS_HEARTBEAT_INTERVAL", (b, v) -> b.heartbeatInterval(seconds(v)));
    on("WS_HEARTBEAT_TIMEOUT", (b, v) -> b.heartbeatTimeout(seconds(v)));
    on("WS_MAX_MESSAGES_PER_SECOND", (b, v) -> b.maxMessagesPerSecond(integer(v)));
    on("WS_MESSAGE_BURST", (b, v) -> b.messageBurst(integer(v)));
    on("WS_MESSAGE_RATE_OVERRIDES", (b, v) -> b.messageRateOverrides(rateOverrides(v)));
    on("WS_MAX_BYTES_PER_SECOND", (b, v) -> b.maxBytesPerSecond(longInteger(v)));
    on("WS_HONEYPOT_TYPES", (b, v) -> b.honeypotTypes(list(v)));
    on("WS_MAX_MESSAGE_SIZE", (b, v) -> b.maxMessageSize(integer(v)));
    on("WS_COMPRESSION", (b, v) -> b.compression(bool(v)));
    on("WS_ALLOW_BINARY", (b, v) -> b.allowBinary(bool(v)));
    on("WS_MAX_QUEUE_SIZE", (b, v) -> b.maxQueueSize(integer(v)));
    on("WS_ALLOWED_MESSAGE_TYPES", (b, v) -> b.allowedMessageTypes(list(v)));
    on("WS_REPLAY_WINDOW", (b, v) -> b.replayWindow(seconds(v)));
    on("WS_REQUIRE_AUTH", (b, v) -> b.requireAuth(bool(v)));
    on("WS_AUTH_TIMEOUT", (b, v) -> b.authTimeout(seconds(v)));
    on("WS_TOKEN_CACHE_TTL", (b, v) -> b.tokenCacheTtl(seconds(v)));
    on("WS_AUTH_BYPASS", (b, v) -> b.authBypass(b.authBypass || bool(v)));
    on("DEV_WS_AUTH_BYPASS", (b, v) -> b.authBypass(b.authBypass || bool(v)));
    on("DEV_WS_USER_ID", (b, v) -> b.devUserId(v.trim()));
    on("WS_JWT_SECRET", (b, v) -> b.jwtSecret(v));
    on("WS_JWT_PUBLIC_KEY", (b, v) -> b.jwtPublicKeyPem(pem(v)));
    on("WS_JWKS_URL", (b, v) -> b.jwksUrl(url(v)));
    on("WS_JWT_ISSUER", (b, v) -> b.jwtIssuer(v.trim()));
    on("WS_JWT_AUDIENCE", (b, v) -> b.jwtAudience(v.trim()));
    on("WS_JWT_AUTHORIZED_PARTIES", (b, v) -> b.jwtAuthorizedParties(list(v)));
    on("WS_JWT_ALGORITHMS", (b, v) -> b.jwtAlgorithms(list(v)));
    on("WS_JWT_CLOCK_SKEW", (b, v) -> b.jwtClockSkew(seconds(v)));
    on("WS_JWKS_REFRESH_INTERVAL", (b, v) -> b.jwksRefreshInterval(seconds(v)));
    on("WS_JWKS_MIN_REFETCH_INTERVAL", (b, v) -> b.jwksMinRefetchInterval(seconds(v)));
    on("WS_JWKS_MAX_STALENESS", (b, v) -> b.jwksMaxStaleness(seconds(v)));
    on("WS_BLOCK_DURATION", (b, v) -> b.blockDuration(seconds(v)));
    on("WS_BLOCK_MAX_DURATION", (b, v) -> b.blockMaxDuration(seconds(v)));
    on("WS_MAX_FAILED_AUTH", (b, v) -> b.maxFailedAuth(integer(v)));
    on("WS_FAILED_AUTH_WINDOW", (b, v) -> b.failedAuthWindow(seconds(v)));
    on("WS_SUSPICIOUS_THRESHOLD", (b, v) -> b.suspiciousThreshold(integer(v)));
    on("WS_ALLOWLIST", (b, v) -> b.allowlist(CidrSet.parse(v)));
    on("WS_DRY_RUN", (b, v) -> b.dryRun(list(v)));
    on("WS_ALLOWED_ORIGINS", (b, v) -> b.allowedOrigins(origins(v)));
    on("WS_TRUSTED_PROXIES", (b, v) -> b.trustedProxies(CidrSet.parse(v)));
    on("WS_FORWARDED_HEADER", (b, v) -> b.forwardedHeader(ForwardedHeader.of(v)));
    on("WS_IPV6_PREFIX_LENGTH", (b, v) -> b.ipv6PrefixLength(integer(v)));
    on("WS_STATE", (b, v) -> b.state(choice(StateKind.class, v)));
    on("WS_REDIS_URL", (b, v) -> b.redisUrl(v.trim()));
    on("WS_REDIS_FAILURE_MODE", (b, v) -> b.redisFailureMode(choice(RedisFailureMode.class, v)));
    on("WS_REDIS_TIMEOUT", (b, v) -> b.redisTimeout(millis(v)));
    on("WS_REDIS_BREAKER_WAIT", (b, v) -> b.redisBreakerWait(millis(v)));
    on("WS_REDIS_LEASE_TTL", (b, v) -> b.redisLeaseTtl(seconds(v)));
    on("WS_REDIS_REPLAY", (b, v) -> b.redisReplay(choice(RedisReplay.class, v)));
    on("WS_REDIS_KEY_PREFIX", (b, v) -> b.redisKeyPrefix(v.trim()));
    on("WS_REDIS_TLS_CA_FILE", (b, v) -> b.redisTlsCaFile(Path.of(v.trim())));
    on("WS_ADMIN_TOKEN", (b, v) -> b.adminToken(v));
    on("WS_ADMIN_ROLE", (b, v) -> b.adminRole(v.trim()));
    on("WS_ADMIN_ALLOWED_IPS", (b, v) -> b.adminAllowedIps(CidrSet.parse(v)));
    on("WS_AUDIT_FILE", (b, v) -> b.auditFile(Path.of(v.trim())));
    on("WS_LOG_FORMAT", (b, v) -> b.logFormat(choice(LogFormat.class, v)));
  }

  private EnvironmentReader() {}

  /** Every variable this reader understands, in documentation order. */
  static Set<String> variables() {
    return SETTERS.keySet();
  }

  static PortcullisConfig.Builder read(Map<String, String> environment) {
    PortcullisConfig.Builder builder = PortcullisConfig.builder();
    SETTERS.forEach((name, setter) -> {
      String value = environment.get(name);
      if (value == null || (value.isBlank() && !name.equals("WS_JWT_SECRET"))) {
        return; // blank means "use the default", as in most shells' VAR= idiom
      }
      builder.rawValues.put(name, value);
      try {
        setter.accept(builder, value);
      } catch (IllegalArgumentException e) {
        builder.parseErrors.add(new ConfigViolation(name, ConfigValidation.shown(name, value), e.getMessage()));
      }
    });
    Set<String> unknown = new TreeSet<>();
    for (String name : environment.keySet()) {
      if ((name.startsWith("WS_") || name.startsWith("DEV_WS_")) && !SETTERS.containsKey(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      LOG.warn("Ignoring unknown variables {} (a typo?); docs/configuration.md lists the known ones", unknown);
    }
    return builder;
  }

  private static void on(String name, BiConsumer<PortcullisConfig.Builder, String> setter) {
    SETTERS.put(name, setter);
    if (!name.startsWith("WS_") && !DEV_VARIABLES.contains(name)) {
      throw new IllegalStateException("unexpected variable name " + name);
    }
  }

  static int integer(String v) {
    long n = longInteger(v);
    if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
      throw new IllegalArgumentException("must be a whole number below " + Integer.MAX_VALUE);
    }
    return (int) n;
  }

  static long longInteger(String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number");
    }
  }

  static Duration seconds(String v) {
    long n = longInteger(v);
    if (n < 0) {
      throw new IllegalArgumentException("must be a number of seconds, 0 or more");
    }
    return Duration.ofSeconds(n);
  }

  /** Sub-second timings (the Redis time limit) are given in milliseconds. */
  static Duration millis(String v) {
    long n = longInteger(v);
    if (n < 0) {
      throw new IllegalArgumentException("must be a number of milliseconds, 0 or more");
    }
    return Duration.ofMillis(n);
  }

  static boolean bool(String v) {
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true": return true;
      case "false": return false;
      default: throw new IllegalArgumentException("must be true or false");
    }
  }

  static <E extends Enum<E>> E choice(Class<E> type, String v) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v.trim())) {
        return e;
      }
    }
    Set<String> names = new LinkedHashSet<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException("must be one of " + String.join(", ", names));
  }

  static Set<String> list(String v) {
    Set<String> items = new LinkedHashSet<>();
    for (String part : v.split(",")) {
      if (!part.isBlank()) {
        items.add(part.trim());
      }
    }
    return items;
  }

  static Set<String> origins(String v) {
    Set<String> origins = new LinkedHashSet<>();
    for (String origin : list(v)) {
      origins.add(Origin.normalize(origin));
    }
    return origins;
  }

  static URI url(String v) {
    try {
      URI uri = URI.create(v.trim());
      if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new IllegalArgumentException("not http(s)");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be an https:// URL (http:// only on loopback)");
    }
  }

  /** Inline PEM, or {@code file:/path/to/key.pem}. */
  static String pem(String v) {
    String trimmed = v.trim();
    if (trimmed.startsWith("file:")) {
      Path path = Path.of(trimmed.substring("file:".length()));
      try {
        return Files.readString(path);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the key file " + path);
      }
    }
    // Environments often flatten newlines to the two characters \n.
    return trimmed.replace("\\n", "\n");
  }

  /** {@code chat=5/10,ai_suggestion=1/3}: per-type rate per second and burst. */
  static Map<String, RateSpec> rateOverrides(String v) {
    Map<String, RateSpec> overrides = new LinkedHashMap<>();
    for (String entry : list(v)) {
      String[] typeAndRate = entry.split("=", 2);
      String[] rateAndBurst = typeAndRate.length == 2 ? typeAndRate[1].split("/", 2) : new String[0];
      try {
        if (rateAndBurst.length != 2 || typeAndRate[0].isBlank()) {
          throw new NumberFormatException();
        }
        overrides.put(typeAndRate[0].trim(),
            new RateSpec(Double.parseDouble(rateAndBurst[0].trim()), Integer.parseInt(rateAndBurst[1].trim())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("each entry must read type=rate/burst, e.g. chat=5/10");
      }
    }
    return overrides;
  }
}
