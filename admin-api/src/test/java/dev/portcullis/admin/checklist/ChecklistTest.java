package dev.portcullis.admin.checklist;

import static dev.portcullis.admin.checklist.CheckStatus.FAIL;
import static dev.portcullis.admin.checklist.CheckStatus.PASS;
import static dev.portcullis.admin.checklist.CheckStatus.WARN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.config.ForwardedHeader;
import dev.portcullis.core.config.JwtConfig;
import dev.portcullis.core.config.NetworkConfig;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.Profile;
import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.core.config.Secret;
import dev.portcullis.core.config.StateKind;
import dev.portcullis.core.model.CidrSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecklistTest {

  private static final String SECRET = "a-production-hmac-secret-of-40-bytes-xyz";
  private static final String ADMIN_TOKEN = "an-admin-token-of-well-over-thirty-two-bytes";

  @TempDir
  Path dir;

  /** The seed's "Production Configuration", TLS on, claims checked, an admin token and an audit file. */
  private PortcullisConfig production() throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "certificate");
    Path key = Files.writeString(dir.resolve("key.pem"), "key");
    return PortcullisConfig.builder()
        .jwtSecret(SECRET).jwtIssuer("https://auth.example.com").jwtAudience("portcullis")
        .tlsCertFile(cert).tlsKeyFile(key)
        .maxConnectionsPerIp(5).maxMessagesPerSecond(50).maxFailedAuth(3)
        .blockDuration(Duration.ofSeconds(900)).suspiciousThreshold(20)
        .allowedOrigins(Set.of("https://app.example.com"))
        .adminToken(ADMIN_TOKEN).auditFile(dir.resolve("audit.log")).routesPort(9090)
        .build();
  }

  @Test
  void theSeedsProductionConfigurationPassesEveryPoint() throws Exception {
    List<CheckItem> items = Checklist.evaluate(production());

    assertThat(items).allSatisfy(item -> assertThat(item.status()).as(item.toString()).isEqualTo(PASS));
    assertThat(items).extracting(CheckItem::id).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(25);
  }

  @Test
  void theContractDefaultsWithAKeyFailNothingAndWarnExactlyWhereTheSeedIsStricter() {
    List<CheckItem> items = Checklist.evaluate(PortcullisConfig.builder().jwtSecret(SECRET).build());

    assertThat(byStatus(items, FAIL)).isEmpty();
    assertThat(byStatus(items, WARN)).containsExactlyInAnyOrder(
        "jwt-issuer", "jwt-audience", "tls", "trusted-proxies", "attempts-per-ip", "messages-per-second",
        "failed-auth", "suspicious-threshold", "block-duration", "admin-port", "audit-file");
  }

  @Test
  void everyItemNamesARealVariableAndGivesAReason() throws Exception {
    for (CheckItem item : Checklist.evaluate(careless())) {
      assertThat(item.variable()).matches("(WS|DEV_WS)_[A-Z0-9_]+");
      assertThat(item.reason()).isNotBlank();
      assertThat(item.title()).isNotBlank();
    }
  }

  @Test
  void eachCarelessSettingProducesItsFailureOrWarning() throws Exception {
    Map<String, CheckItem> items = byId(Checklist.evaluate(careless()));

    assertThat(statuses(items)).containsAllEntriesOf(Map.ofEntries(
        Map.entry("profile", WARN),
        Map.entry("auth-bypass", WARN),
        Map.entry("require-auth", FAIL),
        Map.entry("jwt-key", FAIL),
        Map.entry("auth-timeout", WARN),
        Map.entry("tls", WARN),
        Map.entry("trusted-proxies", FAIL),
        Map.entry("origins", WARN),
        Map.entry("compression", WARN),
        Map.entry("ipv6-prefix", WARN),
        Map.entry("attempts-per-ip", FAIL),
        Map.entry("messages-per-second", WARN),
        Map.entry("message-size", FAIL),
        Map.entry("queue-size", FAIL),
        Map.entry("replay-window", FAIL),
        Map.entry("failed-auth", FAIL),
        Map.entry("suspicious-threshold", FAIL),
        Map.entry("block-duration", FAIL),
        Map.entry("allowlist", FAIL),
        Map.entry("dry-run", FAIL),
        Map.entry("admin-network", FAIL),
        Map.entry("admin-credential", FAIL),
        Map.entry("audit-file", WARN),
        Map.entry("redis-failure-mode", WARN),
        Map.entry("redis-tls", WARN)));
    assertThat(items.get("admin-network").reason()).contains("0.0.0.0/0");
    assertThat(items.get("admin-network").variable()).isEqualTo("WS_ADMIN_ALLOWED_IPS");
    assertThat(items.get("tls").reason()).contains("fine behind");
    assertThat(items.get("admin-credential").reason()).contains("5 bytes").doesNotContain("short");
    assertThat(items.get("redis-tls").reason()).doesNotContain("hunter2");
  }

  @Test
  void noItemRepeatsASecret() throws Exception {
    PortcullisConfig config = production().toBuilder().adminToken("tiny").build();

    for (CheckItem item : Checklist.evaluate(config)) {
      assertThat(item.reason() + item.title()).doesNotContain(SECRET, "tiny");
    }
  }

  @Test
  void aFewPoliciesInDryRunWarnAndNameThem() throws Exception {
    PortcullisConfig config = production().toBuilder().dryRun(Set.of("origin", "message-rate")).build();

    CheckItem item = byId(Checklist.evaluate(config)).get("dry-run");

    assertThat(item.status()).isEqualTo(WARN);
    assertThat(item.reason()).contains("message-rate, origin");
  }

  @Test
  void noAdminTokenAndNoKeyWarnsThatTheAdminSurfaceCannotBeUsed() throws Exception {
    PortcullisConfig config = PortcullisConfig.builder().requireAuth(false).build();

    CheckItem item = byId(Checklist.evaluate(config)).get("admin-credential");

    assertThat(item.status()).isEqualTo(WARN);
    assertThat(item.reason()).contains("401");
  }

  @Test
  void aNodeWithoutTlsBehindATrustedProxyPassesTheProxyPointButStillWarnsOnTls() throws Exception {
    PortcullisConfig config = PortcullisConfig.builder().jwtSecret(SECRET)
        .trustedProxies(CidrSet.parse("10.0.0.0/8")).build();

    Map<String, CheckItem> items = byId(Checklist.evaluate(config));

    assertThat(items.get("trusted-proxies").status()).isEqualTo(PASS);
    assertThat(items.get("tls").status()).isEqualTo(WARN);
  }

  @Test
  void redisFailingClosedOrLocalOnALoopbackUrlPasses() throws Exception {
    PortcullisConfig config = production().toBuilder().state(StateKind.REDIS)
        .redisUrl("redis://:secret@127.0.0.1:6379/0").redisFailureMode(RedisFailureMode.CLOSED).build();

    Map<String, CheckItem> items = byId(Checklist.evaluate(config));

    assertThat(items.get("redis-failure-mode").status()).isEqualTo(PASS);
    assertThat(items.get("redis-tls").status()).isEqualTo(PASS);
  }

  /**
   * Configurations that start-up validation refuses (a bypass under production, a short HMAC secret, a
   * wildcard origin) can still reach the checklist when an embedder builds the records directly: it
   * must fail them too, not trust that validation ran.
   */
  @Test
  void whatValidationRefusesTheChecklistFailsToo() throws Exception {
    PortcullisConfig valid = production();
    AuthConfig auth = valid.auth();
    JwtConfig jwt = auth.jwt();
    JwtConfig shortKey = new JwtConfig(new Secret("sixteen-bytes-ok"), null, null, jwt.issuer(), jwt.audience(),
        jwt.authorizedParties(), jwt.algorithms(), jwt.clockSkew(), jwt.jwksRefreshInterval(),
        jwt.jwksMinRefetchInterval(), jwt.jwksMaxStaleness());
    PortcullisConfig unchecked = new PortcullisConfig(Profile.PRODUCTION, valid.server(), valid.connections(),
        valid.messages(), new AuthConfig(true, auth.authTimeout(), auth.tokenCacheTtl(), true, "dev", shortKey),
        valid.blocking(), new NetworkConfig(Set.of("*"), CidrSet.EMPTY, ForwardedHeader.X_FORWARDED_FOR, 64),
        valid.state(), valid.admin(), valid.logFormat());

    Map<String, CheckItem> items = byId(Checklist.evaluate(unchecked));

    assertThat(items.get("auth-bypass").status()).isEqualTo(FAIL);
    assertThat(items.get("hmac-secret").status()).isEqualTo(FAIL);
    assertThat(items.get("hmac-secret").reason()).contains("16 bytes");
    assertThat(items.get("origins").status()).isEqualTo(FAIL);
  }

  /** Every careless setting the configuration allows at once. */
  private PortcullisConfig careless() {
    return PortcullisConfig.builder()
        .profile(Profile.DEVELOPMENT).authBypass(true).requireAuth(false).authTimeout(Duration.ofSeconds(300))
        .allowedOrigins(Set.of("http://app.example.com"))
        .trustedProxies(CidrSet.parse("0.0.0.0/0")).compression(true).ipv6PrefixLength(128)
        .maxConnectionsPerIp(1000).maxMessagesPerSecond(500).maxMessageSize(64 * 1024 * 1024)
        .maxQueueSize(100_000).replayWindow(Duration.ofHours(2))
        .maxFailedAuth(100).suspiciousThreshold(1000).blockDuration(Duration.ofSeconds(10))
        .allowlist(CidrSet.parse("0.0.0.0/0,::/0")).dryRun(Set.of("all"))
        .adminAllowedIps(CidrSet.parse("0.0.0.0/0,::/0")).adminToken("short")
        .state(StateKind.REDIS).redisUrl("redis://:hunter2@cache.internal:6379").redisFailureMode(RedisFailureMode.OPEN)
        .build();
  }

  private static Map<String, CheckItem> byId(List<CheckItem> items) {
    return items.stream().collect(Collectors.toMap(CheckItem::id, i -> i));
  }

  private static Map<String, CheckStatus> statuses(Map<String, CheckItem> items) {
    Map<String, CheckStatus> statuses = new TreeMap<>();
    items.forEach((id, item) -> statuses.put(id, item.status()));
    return statuses;
  }

  private static List<String> byStatus(List<CheckItem> items, CheckStatus status) {
    return items.stream().filter(i -> i.status() == status).map(CheckItem::id).toList();
  }
}
