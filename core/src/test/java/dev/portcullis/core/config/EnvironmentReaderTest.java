package dev.portcullis.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.model.CidrSet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every variable of CONTRACT §1 sets exactly what its builder twin sets. Each value below differs from
 * its default and from every other value of its type, so a variable mapped to the wrong setting shows.
 */
class EnvironmentReaderTest {

  private static final String SECRET_40 = "a-forty-byte-hmac-secret-for-the-tests!!";

  @TempDir
  Path dir;
  private Path cert;
  private Path key;

  @BeforeEach
  void writeTlsFiles() throws IOException {
    cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n");
    key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n");
  }

  /** Every variable but the two other key sources and the second bypass switch (each tested below). */
  private Map<String, String> everyVariable() {
    Map<String, String> env = new HashMap<>();
    env.put("WS_HOST", "127.0.0.1");
    env.put("WS_PORT", "9443");
    env.put("WS_PATH", "/socket");
    env.put("WS_HANDSHAKE_TIMEOUT", "5");
    env.put("WS_TLS_CERT_FILE", cert.toString());
    env.put("WS_TLS_KEY_FILE", key.toString());
    env.put("WS_ADMIN_PORT", "9444");
    env.put("WS_PROFILE", "development");
    env.put("WS_MAX_CONNECTIONS_PER_IP", "11");
    env.put("WS_MAX_CONCURRENT_PER_IP", "51");
    env.put("WS_MAX_CONNECTIONS_PER_USER", "21");
    env.put("WS_MAX_CONNECTIONS_TOTAL", "1001");
    env.put("WS_CONNECTION_TIMEOUT", "1800");
    env.put("WS_HEARTBEAT_INTERVAL", "20");
    env.put("WS_HEARTBEAT_TIMEOUT", "70");
    env.put("WS_MAX_MESSAGES_PER_SECOND", "40");
    env.put("WS_MESSAGE_BURST", "80");
    env.put("WS_MESSAGE_RATE_OVERRIDES", "chat=5/10, ai_suggestion=0.5/3");
    env.put("WS_MAX_BYTES_PER_SECOND", "65536");
    env.put("WS_HONEYPOT_TYPES", "admin_debug, internal");
    env.put("WS_MAX_MESSAGE_SIZE", "32768");
    env.put("WS_COMPRESSION", "TRUE");
    env.put("WS_ALLOW_BINARY", "true");
    env.put("WS_MAX_QUEUE_SIZE", "250");
    env.put("WS_ALLOWED_MESSAGE_TYPES", "track,chat, ,ack");
    env.put("WS_REPLAY_WINDOW", "120");
    env.put("WS_REQUIRE_AUTH", "false");
    env.put("WS_AUTH_TIMEOUT", "15");
    env.put("WS_TOKEN_CACHE_TTL", "60");
    env.put("WS_AUTH_BYPASS", "true");
    env.put("DEV_WS_USER_ID", "dev-user-7");
    env.put("WS_JWT_SECRET", SECRET_40);
    env.put("WS_JWT_ISSUER", "https://clerk.example.com");
    env.put("WS_JWT_AUDIENCE", "portcullis");
    env.put("WS_JWT_AUTHORIZED_PARTIES", "https://app.example.com,https://admin.example.com");
    env.put("WS_JWT_ALGORITHMS", "HS384,HS512");
    env.put("WS_JWT_CLOCK_SKEW", "10");
    env.put("WS_JWKS_REFRESH_INTERVAL", "600");
    env.put("WS_JWKS_MIN_REFETCH_INTERVAL", "31");
    env.put("WS_JWKS_MAX_STALENESS", "7200");
    env.put("WS_BLOCK_DURATION", "120");
    env.put("WS_BLOCK_MAX_DURATION", "7201");
    env.put("WS_MAX_FAILED_AUTH", "3");
    env.put("WS_FAILED_AUTH_WINDOW", "240");
    env.put("WS_SUSPICIOUS_THRESHOLD", "25");
    env.put("WS_ALLOWLIST", "10.0.0.0/8, 2001:db8::/32");
    env.put("WS_DRY_RUN", "origin,connection-rate");
    env.put("WS_ALLOWED_ORIGINS", "https://App.Example.com:443, http://localhost:3000");
    env.put("WS_TRUSTED_PROXIES", "192.0.2.10");
    env.put("WS_FORWARDED_HEADER", "Forwarded");
    env.put("WS_IPV6_PREFIX_LENGTH", "56");
    env.put("WS_STATE", "redis");
    env.put("WS_REDIS_URL", "rediss://:pw@redis.internal:6380/0");
    env.put("WS_REDIS_FAILURE_MODE", "closed");
    env.put("WS_REDIS_TIMEOUT", "50");
    env.put("WS_REDIS_BREAKER_WAIT", "2500");
    env.put("WS_REDIS_LEASE_TTL", "9");
    env.put("WS_REDIS_REPLAY", "Shared");
    env.put("WS_REDIS_KEY_PREFIX", " fleet-b ");
    env.put("WS_REDIS_TLS_CA_FILE", cert.toString());
    env.put("WS_ADMIN_TOKEN", "an-admin-token");
    env.put("WS_ADMIN_ROLE", "ops");
    env.put("WS_ADMIN_ALLOWED_IPS", "192.0.2.0/24");
    env.put("WS_AUDIT_FILE", "/var/log/portcullis/audit.jsonl");
    env.put("WS_LOG_FORMAT", "json");
    return env;
  }

  @Test
  void everyVariableSetsTheSameValueAsItsBuilderSetter() {
    PortcullisConfig fromEnvironment = PortcullisConfig.fromEnvironment(everyVariable());

    PortcullisConfig fromBuilder = PortcullisConfig.builder()
        .host("127.0.0.1").port(9443).path("/socket").handshakeTimeout(Duration.ofSeconds(5))
        .tlsCertFile(cert).tlsKeyFile(key).routesPort(9444)
        .profile(Profile.DEVELOPMENT)
        .maxConnectionsPerIp(11).maxConcurrentPerIp(51).maxConnectionsPerUser(21).maxConnectionsTotal(1001)
        .connectionTimeout(Duration.ofSeconds(1800))
        .heartbeatInterval(Duration.ofSeconds(20)).heartbeatTimeout(Duration.ofSeconds(70))
        .maxMessagesPerSecond(40).messageBurst(80)
        .messageRateOverrides(Map.of("chat", new RateSpec(5, 10), "ai_suggestion", new RateSpec(0.5, 3)))
        .maxBytesPerSecond(65536).honeypotTypes(Set.of("admin_debug", "internal"))
        .maxMessageSize(32768).compression(true).allowBinary(true).maxQueueSize(250)
        .allowedMessageTypes(Set.of("track", "chat", "ack")).replayWindow(Duration.ofSeconds(120))
        .requireAuth(false).authTimeout(Duration.ofSeconds(15)).tokenCacheTtl(Duration.ofSeconds(60))
        .authBypass(true).devUserId("dev-user-7")
        .jwtSecret(SECRET_40).jwtIssuer("https://clerk.example.com").jwtAudience("portcullis")
        .jwtAuthorizedParties(Set.of("https://app.example.com", "https://admin.example.com"))
        .jwtAlgorithms(Set.of("HS384", "HS512")).jwtClockSkew(Duration.ofSeconds(10))
        .jwksRefreshInterval(Duration.ofSeconds(600)).jwksMinRefetchInterval(Duration.ofSeconds(31))
        .jwksMaxStaleness(Duration.ofSeconds(7200))
        .blockDuration(Duration.ofSeconds(120)).blockMaxDuration(Duration.ofSeconds(7201))
        .maxFailedAuth(3).failedAuthWindow(Duration.ofSeconds(240)).suspiciousThreshold(25)
        .allowlist(CidrSet.parse("10.0.0.0/8,2001:db8::/32")).dryRun(Set.of("origin", "connection-rate"))
        .allowedOrigins(Set.of("https://app.example.com", "http://localhost:3000"))
        .trustedProxies(CidrSet.parse("192.0.2.10/32")).forwardedHeader(ForwardedHeader.FORWARDED).ipv6PrefixLength(56)
        .state(StateKind.REDIS).redisUrl("rediss://:pw@redis.internal:6380/0")
        .redisFailureMode(RedisFailureMode.CLOSED)
        .redisTimeout(Duration.ofMillis(50)).redisBreakerWait(Duration.ofMillis(2500))
        .redisLeaseTtl(Duration.ofSeconds(9)).redisReplay(RedisReplay.SHARED).redisKeyPrefix("fleet-b")
        .redisTlsCaFile(cert)
        .adminToken("an-admin-token").adminRole("ops").adminAllowedIps(CidrSet.parse("192.0.2.0/24"))
        .auditFile(Path.of("/var/log/portcullis/audit.jsonl"))
        .logFormat(LogFormat.JSON)
        .build();

    assertThat(fromEnvironment).isEqualTo(fromBuilder);
  }

  @Test
  void valuesAreTrimmedParsedAndNormalisedOnTheWayIn() {
    PortcullisConfig config = PortcullisConfig.fromEnvironment(everyVariable());

    assertThat(config.server().port()).isEqualTo(9443);
    assertThat(config.connections().maxAttemptsPerAddress()).isEqualTo(11);
    assertThat(config.connections().maxConcurrentPerAddress()).isEqualTo(51);
    assertThat(config.messages().allowedTypes()).containsExactlyInAnyOrder("track", "chat", "ack");
    assertThat(config.messages().rateOverrides().get("ai_suggestion")).isEqualTo(new RateSpec(0.5, 3));
    assertThat(config.messages().compression()).isTrue();
    assertThat(config.network().allowedOrigins())
        .containsExactlyInAnyOrder("https://app.example.com", "http://localhost:3000");
    assertThat(config.network().trustedProxies().toString()).isEqualTo("192.0.2.10/32");
    assertThat(config.auth().jwt().secret().value()).isEqualTo(SECRET_40);
    assertThat(config.admin().token().value()).isEqualTo("an-admin-token");
    assertThat(config.admin().auditFile()).isEqualTo(Path.of("/var/log/portcullis/audit.jsonl"));
    assertThat(config.blocking().dryRun("origin")).isTrue();
    assertThat(config.blocking().dryRun("capacity")).isFalse();
    assertThat(config.state().redisTimeout()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.state().redisHeartbeat()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.state().redisKeyPrefix()).isEqualTo("fleet-b");
  }

  @Test
  void anInlinePublicKeyKeepsItsNewlinesEvenWhenTheEnvironmentFlattenedThem() {
    String flattened = Environments.PUBLIC_KEY_PEM.replace("\n", "\\n");

    PortcullisConfig config = PortcullisConfig.fromEnvironment(Map.of("WS_JWT_PUBLIC_KEY", flattened));

    assertThat(config.auth().jwt().publicKeyPem()).isEqualTo(Environments.PUBLIC_KEY_PEM);
    assertThat(config).isEqualTo(PortcullisConfig.builder().jwtPublicKeyPem(Environments.PUBLIC_KEY_PEM).build());
  }

  @Test
  void aPublicKeyWrittenAsAFilePathIsReadFromThatFile() throws IOException {
    Path pem = Files.writeString(dir.resolve("public.pem"), Environments.PUBLIC_KEY_PEM);

    PortcullisConfig config = PortcullisConfig.fromEnvironment(Map.of("WS_JWT_PUBLIC_KEY", "file:" + pem));

    assertThat(config.auth().jwt().publicKeyPem()).isEqualTo(Environments.PUBLIC_KEY_PEM);
  }

  @Test
  void aJwksUrlSetsTheBuildersJwksUrl() {
    String url = "https://clerk.example.com/.well-known/jwks.json";

    PortcullisConfig config = PortcullisConfig.fromEnvironment(Map.of("WS_JWKS_URL", url));

    assertThat(config.auth().jwt().jwksUrl()).isEqualTo(URI.create(url));
    assertThat(config).isEqualTo(PortcullisConfig.builder().jwksUrl(URI.create(url)).build());
  }

  @Test
  void devWsAuthBypassTurnsOnTheSameBypassAsWsAuthBypass() {
    PortcullisConfig config = PortcullisConfig.fromEnvironment(
        Map.of("WS_PROFILE", "development", "DEV_WS_AUTH_BYPASS", "true"));

    assertThat(config.auth().bypass()).isTrue();
    assertThat(config).isEqualTo(PortcullisConfig.builder().profile(Profile.DEVELOPMENT).authBypass(true).build());
  }

  @Test
  void eitherBypassSwitchSetToTrueWinsOverTheOtherSetToFalse() {
    PortcullisConfig config = PortcullisConfig.fromEnvironment(
        Map.of("WS_PROFILE", "development", "WS_AUTH_BYPASS", "false", "DEV_WS_AUTH_BYPASS", "true"));

    assertThat(config.auth().bypass()).isTrue();
  }

  @Test
  void aBlankValueMeansTheDefault() {
    PortcullisConfig config = PortcullisConfig.fromEnvironment(Environments.minimalWith("WS_PORT", "  ", "WS_PATH", ""));

    assertThat(config.server().port()).isEqualTo(8350);
    assertThat(config.server().path()).isEqualTo("/ws");
  }

  @Test
  void theseTestsSetEveryVariableTheReaderKnows() {
    Set<String> covered = new HashSet<>(everyVariable().keySet());
    covered.addAll(Set.of("WS_JWT_PUBLIC_KEY", "WS_JWKS_URL", "DEV_WS_AUTH_BYPASS"));

    assertThat(covered).containsExactlyInAnyOrderElementsOf(EnvironmentReader.variables());
  }
}
