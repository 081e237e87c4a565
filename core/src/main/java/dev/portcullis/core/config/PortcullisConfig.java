package dev.portcullis.core.config;

import dev.portcullis.core.model.CidrSet;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole, validated configuration of a node. Build it from the environment with
 * {@link #fromEnvironment(Map)}, or in code with {@link #builder()}; either way it is validated once,
 * completely, and a bad value stops start-up with a {@link ConfigurationException} naming every
 * offending variable. Immutable and thread-safe.
 */
public record PortcullisConfig(
    @Variable("WS_PROFILE") @NotNull Profile profile,
    @Valid ServerConfig server,
    @Valid ConnectionConfig connections,
    @Valid MessageConfig messages,
    @Valid AuthConfig auth,
    @Valid BlockingConfig blocking,
    @Valid NetworkConfig network,
    @Valid StateConfig state,
    @Valid AdminConfig admin,
    @Variable("WS_LOG_FORMAT") @NotNull LogFormat logFormat) {

  /** Reads every variable of CONTRACT §1 from {@code environment} (pass {@code System.getenv()}). */
  public static PortcullisConfig fromEnvironment(Map<String, String> environment) {
    return EnvironmentReader.read(environment).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values, to change a few. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects settings; every setter is the programmatic twin of one environment variable (named in
   * its documentation) and starts at the contract's default. Not thread-safe.
   */
  public static final class Builder {
    String host = "0.0.0.0";
    int port = 8350;
    String path = "/ws";
    Duration handshakeTimeout = Duration.ofSeconds(10);
    Path tlsCertFile;
    Path tlsKeyFile;
    Integer routesPort;
    Profile profile = Profile.PRODUCTION;
    int maxConnectionsPerIp = 10;
    int maxConcurrentPerIp = 50;
    int maxConnectionsPerUser = 20;
    int maxConnectionsTotal = 1000;
    Duration connectionTimeout = Duration.ofSeconds(3600);
    Duration heartbeatInterval = Duration.ofSeconds(30);
    Duration heartbeatTimeout = Duration.ofSeconds(90);
    int maxMessagesPerSecond = 100;
    Integer messageBurst;
    Map<String, RateSpec> messageRateOverrides = Map.of();
    long maxBytesPerSecond;
    Set<String> honeypotTypes = Set.of();
    int maxMessageSize = 1_048_576;
    boolean compression;
    boolean allowBinary;
    int maxQueueSize = 1000;
    Set<String> allowedMessageTypes = MessageConfig.SEED_TYPES;
    Duration replayWindow = Duration.ofSeconds(300);
    boolean requireAuth = true;
    Duration authTimeout = Duration.ofSeconds(30);
    Duration tokenCacheTtl = Duration.ofSeconds(300);
    boolean authBypass;
    String devUserId = "local-dev";
    Secret jwtSecret;
    String jwtPublicKeyPem;
    URI jwksUrl;
    String jwtIssuer;
    String jwtAudience;
    Set<String> jwtAuthorizedParties = Set.of();
    Set<String> jwtAlgorithms = Set.of();
    Duration jwtClockSkew = Duration.ofSeconds(30);
    Duration jwksRefreshInterval = Duration.ofSeconds(300);
    Duration jwksMinRefetchInterval = Duration.ofSeconds(10);
    Duration jwksMaxStaleness = Duration.ofSeconds(3600);
    Duration blockDuration = Duration.ofSeconds(300);
    Duration blockMaxDuration = Duration.ofSeconds(86_400);
    int maxFailedAuth = 5;
    Duration failedAuthWindow = Duration.ofSeconds(300);
    int suspiciousThreshold = 50;
    CidrSet allowlist = CidrSet.EMPTY;
    Set<String> dryRun = Set.of();
    Set<String> allowedOrigins = Set.of();
    CidrSet trustedProxies = CidrSet.EMPTY;
    ForwardedHeader forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;
    int ipv6PrefixLength = 64;
    StateKind state = StateKind.MEMORY;
    String redisUrl = "redis://127.0.0.1:6379";
    RedisFailureMode redisFailureMode = RedisFailureMode.LOCAL;
    Duration redisTimeout = StateConfig.DEFAULT_REDIS_TIMEOUT;
    Duration redisBreakerWait = StateConfig.DEFAULT_REDIS_BREAKER_WAIT;
    Duration redisLeaseTtl = StateConfig.DEFAULT_REDIS_LEASE_TTL;
    RedisReplay redisReplay = RedisReplay.LOCAL;
    String redisKeyPrefix = StateConfig.DEFAULT_REDIS_KEY_PREFIX;
    Path redisTlsCaFile;
    Secret adminToken;
    String adminRole = "admin";
    CidrSet adminAllowedIps = CidrSet.parse("127.0.0.1/32,::1/128");
    Path auditFile;
    LogFormat logFormat = LogFormat.TEXT;

    /** What the environment said, by variable, so that errors can quote it; and what failed to parse. */
    final Map<String, String> rawValues = new LinkedHashMap<>();
    final List<ConfigViolation> parseErrors = new ArrayList<>();

    Builder() {}

    Builder(PortcullisConfig c) {
      host = c.server.host(); port = c.server.port(); path = c.server.path();
      handshakeTimeout = c.server.handshakeTimeout(); tlsCertFile = c.server.tlsCertFile(); tlsKeyFile = c.server.tlsKeyFile();
      routesPort = c.server.routesPort();
      profile = c.profile;
      maxConnectionsPerIp = c.connections.maxAttemptsPerAddress(); maxConcurrentPerIp = c.connections.maxConcurrentPerAddress();
      maxConnectionsPerUser = c.connections.maxPerUser(); maxConnectionsTotal = c.connections.maxTotal();
      connectionTimeout = c.connections.connectionTimeout(); heartbeatInterval = c.connections.heartbeatInterval();
      heartbeatTimeout = c.connections.heartbeatTimeout();
      maxMessagesPerSecond = c.messages.maxPerSecond(); messageBurst = c.messages.burst();
      messageRateOverrides = c.messages.rateOverrides(); maxBytesPerSecond = c.messages.maxBytesPerSecond();
      honeypotTypes = c.messages.honeypotTypes(); maxMessageSize = c.messages.maxMessageSize();
      compression = c.messages.compression(); allowBinary = c.messages.allowBinary(); maxQueueSize = c.messages.maxQueueSize();
      allowedMessageTypes = c.messages.allowedTypes(); replayWindow = c.messages.replayWindow();
      requireAuth = c.auth.requireAuth(); authTimeout = c.auth.authTimeout(); tokenCacheTtl = c.auth.tokenCacheTtl();
      authBypass = c.auth.bypass(); devUserId = c.auth.devUserId();
      JwtConfig j = c.auth.jwt();
      jwtSecret = j.secret(); jwtPublicKeyPem = j.publicKeyPem(); jwksUrl = j.jwksUrl(); jwtIssuer = j.issuer();
      jwtAudience = j.audience(); jwtAuthorizedParties = j.authorizedParties(); jwtAlgorithms = j.algorithms();
      jwtClockSkew = j.clockSkew(); jwksRefreshInterval = j.jwksRefreshInterval();
      jwksMinRefetchInterval = j.jwksMinRefetchInterval(); jwksMaxStaleness = j.jwksMaxStaleness();
      BlockingConfig b = c.blocking;
      blockDuration = b.blockDuration(); blockMaxDuration = b.maxBlockDuration(); maxFailedAuth = b.maxFailedAuth();
      failedAuthWindow = b.failedAuthWindow(); suspiciousThreshold = b.suspiciousThreshold();
      allowlist = b.allowlist(); dryRun = b.dryRun();
      allowedOrigins = c.network.allowedOrigins(); trustedProxies = c.network.trustedProxies();
      forwardedHeader = c.network.forwardedHeader();
      ipv6PrefixLength = c.network.ipv6PrefixLength();
      state = c.state.kind(); redisUrl = c.state.redisUrl(); redisFailureMode = c.state.failureMode();
      redisTimeout = c.state.redisTimeout(); redisBreakerWait = c.state.redisBreakerWait();
      redisLeaseTtl = c.state.redisLeaseTtl(); redisReplay = c.state.replay();
      redisKeyPrefix = c.state.redisKeyPrefix(); redisTlsCaFile = c.state.redisTlsCaFile();
      adminToken = c.admin.token(); adminRole = c.admin.role(); adminAllowedIps = c.admin.allowedAddresses();
      auditFile = c.admin.auditFile();
      logFormat = c.logFormat;
    }

    /** {@code WS_HOST}. */
    public Builder host(String v) { host = v; return this; }
    /** {@code WS_PORT}; 0 binds any free port. */
    public Builder port(int v) { port = v; return this; }
    /** {@code WS_PATH}. */
    public Builder path(String v) { path = v; return this; }
    /** {@code WS_HANDSHAKE_TIMEOUT}. */
    public Builder handshakeTimeout(Duration v) { handshakeTimeout = v; return this; }
    /** {@code WS_TLS_CERT_FILE}. */
    public Builder tlsCertFile(Path v) { tlsCertFile = v; return this; }
    /** {@code WS_TLS_KEY_FILE}. */
    public Builder tlsKeyFile(Path v) { tlsKeyFile = v; return this; }
    /** {@code WS_ADMIN_PORT}; {@code null} serves the routes on {@code WS_PORT}. */
    public Builder routesPort(Integer v) { routesPort = v; return this; }
    /** {@code WS_PROFILE}. */
    public Builder profile(Profile v) { profile = v; return this; }
    /** {@code WS_MAX_CONNECTIONS_PER_IP}: attempts per address per 60 s. */
    public Builder maxConnectionsPerIp(int v) { maxConnectionsPerIp = v; return this; }
    /** {@code WS_MAX_CONCURRENT_PER_IP}. */
    public Builder maxConcurrentPerIp(int v) { maxConcurrentPerIp = v; return this; }
    /** {@code WS_MAX_CONNECTIONS_PER_USER}. */
    public Builder maxConnectionsPerUser(int v) { maxConnectionsPerUser = v; return this; }
    /** {@code WS_MAX_CONNECTIONS_TOTAL}. */
    public Builder maxConnectionsTotal(int v) { maxConnectionsTotal = v; return this; }
    /** {@code WS_CONNECTION_TIMEOUT}. */
    public Builder connectionTimeout(Duration v) { connectionTimeout = v; return this; }
    /** {@code WS_HEARTBEAT_INTERVAL}. */
    public Builder heartbeatInterval(Duration v) { heartbeatInterval = v; return this; }
    /** {@code WS_HEARTBEAT_TIMEOUT}. */
    public Builder heartbeatTimeout(Duration v) { heartbeatTimeout = v; return this; }
    /** {@code WS_MAX_MESSAGES_PER_SECOND}. */
    public Builder maxMessagesPerSecond(int v) { maxMessagesPerSecond = v; return this; }
    /** {@code WS_MESSAGE_BURST}; unset follows the rate. */
    public Builder messageBurst(int v) { messageBurst = v; return this; }
    /** {@code WS_MESSAGE_RATE_OVERRIDES}. */
    public Builder messageRateOverrides(Map<String, RateSpec> v) { messageRateOverrides = v; return this; }
    /** {@code WS_MAX_BYTES_PER_SECOND}; 0 is off. */
    public Builder maxBytesPerSecond(long v) { maxBytesPerSecond = v; return this; }
    /** {@code WS_HONEYPOT_TYPES}. */
    public Builder honeypotTypes(Set<String> v) { honeypotTypes = v; return this; }
    /** {@code WS_MAX_MESSAGE_SIZE}. */
    public Builder maxMessageSize(int v) { maxMessageSize = v; return this; }
    /** {@code WS_COMPRESSION}. */
    public Builder compression(boolean v) { compression = v; return this; }
    /** {@code WS_ALLOW_BINARY}: deliver binary messages instead of refusing them. */
    public Builder allowBinary(boolean v) { allowBinary = v; return this; }
    /** {@code WS_MAX_QUEUE_SIZE}. */
    public Builder maxQueueSize(int v) { maxQueueSize = v; return this; }
    /** {@code WS_ALLOWED_MESSAGE_TYPES}. */
    public Builder allowedMessageTypes(Set<String> v) { allowedMessageTypes = v; return this; }
    /** {@code WS_REPLAY_WINDOW}. */
    public Builder replayWindow(Duration v) { replayWindow = v; return this; }
    /** {@code WS_REQUIRE_AUTH}. */
    public Builder requireAuth(boolean v) { requireAuth = v; return this; }
    /** {@code WS_AUTH_TIMEOUT}. */
    public Builder authTimeout(Duration v) { authTimeout = v; return this; }
    /** {@code WS_TOKEN_CACHE_TTL}. */
    public Builder tokenCacheTtl(Duration v) { tokenCacheTtl = v; return this; }
    /** {@code WS_AUTH_BYPASS} / {@code DEV_WS_AUTH_BYPASS}. */
    public Builder authBypass(boolean v) { authBypass = v; return this; }
    /** {@code DEV_WS_USER_ID}. */
    public Builder devUserId(String v) { devUserId = v; return this; }
    /** {@code WS_JWT_SECRET}. */
    public Builder jwtSecret(String v) { jwtSecret = v == null ? null : new Secret(v); return this; }
    /** {@code WS_JWT_PUBLIC_KEY}, as PEM text. */
    public Builder jwtPublicKeyPem(String v) { jwtPublicKeyPem = v; return this; }
    /** {@code WS_JWKS_URL}. */
    public Builder jwksUrl(URI v) { jwksUrl = v; return this; }
    /** {@code WS_JWT_ISSUER}. */
    public Builder jwtIssuer(String v) { jwtIssuer = v; return this; }
    /** {@code WS_JWT_AUDIENCE}. */
    public Builder jwtAudience(String v) { jwtAudience = v; return this; }
    /** {@code WS_JWT_AUTHORIZED_PARTIES}. */
    public Builder jwtAuthorizedParties(Set<String> v) { jwtAuthorizedParties = v; return this; }
    /** {@code WS_JWT_ALGORITHMS}. */
    public Builder jwtAlgorithms(Set<String> v) { jwtAlgorithms = v; return this; }
    /** {@code WS_JWT_CLOCK_SKEW}. */
    public Builder jwtClockSkew(Duration v) { jwtClockSkew = v; return this; }
    /** {@code WS_JWKS_REFRESH_INTERVAL}. */
    public Builder jwksRefreshInterval(Duration v) { jwksRefreshInterval = v; return this; }
    /** {@code WS_JWKS_MIN_REFETCH_INTERVAL}. */
    public Builder jwksMinRefetchInterval(Duration v) { jwksMinRefetchInterval = v; return this; }
    /** {@code WS_JWKS_MAX_STALENESS}. */
    public Builder jwksMaxStaleness(Duration v) { jwksMaxStaleness = v; return this; }
    /** {@code WS_BLOCK_DURATION}. */
    public Builder blockDuration(Duration v) { blockDuration = v; return this; }
    /** {@code WS_BLOCK_MAX_DURATION}. */
    public Builder blockMaxDuration(Duration v) { blockMaxDuration = v; return this; }
    /** {@code WS_MAX_FAILED_AUTH}. */
    public Builder maxFailedAuth(int v) { maxFailedAuth = v; return this; }
    /** {@code WS_FAILED_AUTH_WINDOW}. */
    public Builder failedAuthWindow(Duration v) { failedAuthWindow = v; return this; }
    /** {@code WS_SUSPICIOUS_THRESHOLD}. */
    public Builder suspiciousThreshold(int v) { suspiciousThreshold = v; return this; }
    /** {@code WS_ALLOWLIST}. */
    public Builder allowlist(CidrSet v) { allowlist = v; return this; }
    /** {@code WS_DRY_RUN}. */
    public Builder dryRun(Set<String> v) { dryRun = v; return this; }
    /** {@code WS_ALLOWED_ORIGINS}, each normalised. */
    public Builder allowedOrigins(Set<String> v) { allowedOrigins = v; return this; }
    /** {@code WS_TRUSTED_PROXIES}. */
    public Builder trustedProxies(CidrSet v) { trustedProxies = v; return this; }
    /** {@code WS_FORWARDED_HEADER}. */
    public Builder forwardedHeader(ForwardedHeader v) { forwardedHeader = v; return this; }
    /** {@code WS_IPV6_PREFIX_LENGTH}. */
    public Builder ipv6PrefixLength(int v) { ipv6PrefixLength = v; return this; }
    /** {@code WS_STATE}. */
    public Builder state(StateKind v) { state = v; return this; }
    /** {@code WS_REDIS_URL}. */
    public Builder redisUrl(String v) { redisUrl = v; return this; }
    /** {@code WS_REDIS_FAILURE_MODE}. */
    public Builder redisFailureMode(RedisFailureMode v) { redisFailureMode = v; return this; }
    /** {@code WS_REDIS_TIMEOUT}: the most one Redis call may take. */
    public Builder redisTimeout(Duration v) { redisTimeout = v; return this; }
    /** {@code WS_REDIS_BREAKER_WAIT}: how long an unreachable Redis is not asked before a probe. */
    public Builder redisBreakerWait(Duration v) { redisBreakerWait = v; return this; }
    /** {@code WS_REDIS_LEASE_TTL}: the bound on reclaiming a dead node's connection slots. */
    public Builder redisLeaseTtl(Duration v) { redisLeaseTtl = v; return this; }
    /** {@code WS_REDIS_REPLAY}. */
    public Builder redisReplay(RedisReplay v) { redisReplay = v; return this; }
    /** {@code WS_REDIS_KEY_PREFIX}. */
    public Builder redisKeyPrefix(String v) { redisKeyPrefix = v; return this; }
    /** {@code WS_REDIS_TLS_CA_FILE}. */
    public Builder redisTlsCaFile(Path v) { redisTlsCaFile = v; return this; }
    /** {@code WS_ADMIN_TOKEN}. */
    public Builder adminToken(String v) { adminToken = v == null ? null : new Secret(v); return this; }
    /** {@code WS_ADMIN_ROLE}. */
    public Builder adminRole(String v) { adminRole = v; return this; }
    /** {@code WS_ADMIN_ALLOWED_IPS}. */
    public Builder adminAllowedIps(CidrSet v) { adminAllowedIps = v; return this; }
    /** {@code WS_AUDIT_FILE}. */
    public Builder auditFile(Path v) { auditFile = v; return this; }
    /** {@code WS_LOG_FORMAT}. */
    public Builder logFormat(LogFormat v) { logFormat = v; return this; }

    /**
     * Validates everything at once and returns the configuration.
     *
     * @throws ConfigurationException listing every offending variable
     */
    public PortcullisConfig build() {
      PortcullisConfig config = new PortcullisConfig(
          profile,
          new ServerConfig(host, port, path, handshakeTimeout, tlsCertFile, tlsKeyFile, routesPort),
          new ConnectionConfig(maxConnectionsPerIp, maxConcurrentPerIp, maxConnectionsPerUser, maxConnectionsTotal,
              connectionTimeout, heartbeatInterval, heartbeatTimeout),
          new MessageConfig(maxMessagesPerSecond, messageBurst == null ? maxMessagesPerSecond : messageBurst,
              messageRateOverrides, maxBytesPerSecond, honeypotTypes, maxMessageSize, compression, allowBinary, maxQueueSize,
              allowedMessageTypes, replayWindow),
          new AuthConfig(requireAuth, authTimeout, tokenCacheTtl, authBypass, devUserId,
              new JwtConfig(jwtSecret, jwtPublicKeyPem, jwksUrl, jwtIssuer, jwtAudience, jwtAuthorizedParties,
                  jwtAlgorithms, jwtClockSkew, jwksRefreshInterval, jwksMinRefetchInterval, jwksMaxStaleness)),
          new BlockingConfig(blockDuration, blockMaxDuration, maxFailedAuth, failedAuthWindow, suspiciousThreshold,
              allowlist, dryRun),
          new NetworkConfig(allowedOrigins, trustedProxies, forwardedHeader, ipv6PrefixLength),
          new StateConfig(state, redisUrl, redisFailureMode, redisTimeout, redisBreakerWait, redisLeaseTtl,
              redisReplay, redisKeyPrefix, redisTlsCaFile),
          new AdminConfig(adminToken, adminRole, adminAllowedIps, auditFile),
          logFormat);
      ConfigValidation.check(config, rawValues, parseErrors);
      return config;
    }
  }
}
