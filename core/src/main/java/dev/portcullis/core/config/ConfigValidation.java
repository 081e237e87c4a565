package dev.portcullis.core.config;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Validates a whole configuration: the Jakarta constraints on every record, then the rules that tie
 * several values together. Collects every violation before throwing, so one start-up shows them all.
 */
final class ConfigValidation {

  /** Variables whose values are never printed, only their length. */
  private static final Set<String> SECRET_VARIABLES = Set.of("WS_JWT_SECRET", "WS_ADMIN_TOKEN", "WS_REDIS_URL");
  private static final int MIN_HMAC_BYTES = 32;

  private static final Validator VALIDATOR;

  static {
    // The parameter interpolator needs no expression-language implementation on the class path.
    try (ValidatorFactory factory = Validation.byDefaultProvider().configure()
        .messageInterpolator(new ParameterMessageInterpolator())
        .buildValidatorFactory()) {
      VALIDATOR = factory.getValidator();
    }
  }

  private ConfigValidation() {}

  static void check(PortcullisConfig config, Map<String, String> raw, List<ConfigViolation> parseErrors) {
    Set<ConfigViolation> found = new LinkedHashSet<>(parseErrors);
    Set<String> unparsed = new java.util.HashSet<>();
    parseErrors.forEach(p -> unparsed.add(p.variable()));
    for (ConstraintViolation<PortcullisConfig> v : VALIDATOR.validate(config)) {
      String variable = variableOf(v.getPropertyPath());
      if (!unparsed.contains(variable)) {
        found.add(new ConfigViolation(variable, shown(variable, raw, v.getInvalidValue()), v.getMessage()));
      }
    }
    new CrossChecks(config, raw, found).run();
    if (!found.isEmpty()) {
      throw new ConfigurationException(new ArrayList<>(found));
    }
  }

  /** The variable named by the {@link Variable} on the component a property path ends at. */
  private static String variableOf(Path path) {
    Class<?> type = PortcullisConfig.class;
    String variable = "?";
    for (Path.Node node : path) {
      RecordComponent component = component(type, node.getName());
      if (component == null) {
        break;
      }
      Variable annotation = component.getAnnotation(Variable.class);
      variable = annotation != null ? annotation.value() : variable;
      type = component.getType();
    }
    return variable;
  }

  private static RecordComponent component(Class<?> type, String name) {
    if (!type.isRecord() || name == null) {
      return null;
    }
    for (RecordComponent c : type.getRecordComponents()) {
      if (c.getName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  static String shown(String variable, String rawText) {
    if (SECRET_VARIABLES.contains(variable)) {
      return "<secret, " + rawText.length() + " chars>";
    }
    return rawText.length() > 80 ? rawText.substring(0, 80) + "..." : rawText;
  }

  private static String shown(String variable, Map<String, String> raw, Object value) {
    String text = raw.get(variable);
    if (text != null) {
      return shown(variable, text);
    }
    if (value == null) {
      return "<unset>";
    }
    if (value instanceof Secret s) {
      return "<secret, " + s.byteLength() + " bytes>";
    }
    if (value instanceof Duration d) {
      return d.getNano() == 0 ? Long.toString(d.getSeconds()) : d.toMillis() + " ms";
    }
    return shown(variable, value.toString());
  }

  /** The rules that span several values. */
  private record CrossChecks(PortcullisConfig c, Map<String, String> raw, Set<ConfigViolation> found) {

    void run() {
      checkBypass();
      checkKeys();
      checkAlgorithms();
      checkDurations();
      checkListeners();
      checkRedisTls();
      checkOrigins();
    }

    private void add(String variable, Object value, String rule) {
      found.add(new ConfigViolation(variable, shown(variable, raw, value), rule));
    }

    private void checkBypass() {
      if (c.profile() != Profile.PRODUCTION || !c.auth().bypass()) {
        return;
      }
      boolean named = false;
      for (String variable : List.of("WS_AUTH_BYPASS", "DEV_WS_AUTH_BYPASS")) {
        if (raw.containsKey(variable) && "true".equalsIgnoreCase(raw.get(variable).trim())) {
          add(variable, true, "must be false under WS_PROFILE=production (set WS_PROFILE=development to bypass auth)");
          named = true;
        }
      }
      if (!named) {
        add("WS_AUTH_BYPASS", true, "must be false under WS_PROFILE=production (set WS_PROFILE=development to bypass auth)");
      }
    }

    private void checkKeys() {
      JwtConfig jwt = c.auth().jwt();
      if (jwt.secret() != null && jwt.secret().byteLength() < MIN_HMAC_BYTES) {
        add("WS_JWT_SECRET", jwt.secret(), "must be at least 256 bits (32 bytes) for HMAC");
      }
      if (jwt.keySources() > 1) {
        add("WS_JWT_SECRET", jwt.secret(),
            "set only one of WS_JWT_SECRET, WS_JWT_PUBLIC_KEY and WS_JWKS_URL (one key source per node)");
      }
      boolean tokensNeeded = c.auth().requireAuth() && !c.auth().bypass();
      if (jwt.keySources() == 0 && tokensNeeded) {
        add("WS_JWT_SECRET", null,
            "one of WS_JWT_SECRET, WS_JWT_PUBLIC_KEY or WS_JWKS_URL must be set while WS_REQUIRE_AUTH=true");
      }
      if (jwt.jwksUrl() != null && "http".equals(jwt.jwksUrl().getScheme()) && !loopback(jwt.jwksUrl().getHost())) {
        add("WS_JWKS_URL", jwt.jwksUrl(), "must use https:// (plain http:// only to a loopback address)");
      }
    }

    private void checkAlgorithms() {
      JwtConfig jwt = c.auth().jwt();
      for (String alg : jwt.algorithms()) {
        if (!JwtConfig.KNOWN_ALGORITHMS.contains(alg)) {
          add("WS_JWT_ALGORITHMS", String.join(",", jwt.algorithms()),
              "'" + alg + "' is not one of " + String.join(", ", new java.util.TreeSet<>(JwtConfig.KNOWN_ALGORITHMS)));
        } else if (alg.startsWith("HS") != (jwt.secret() != null) && jwt.keySources() == 1) {
          add("WS_JWT_ALGORITHMS", String.join(",", jwt.algorithms()),
              "'" + alg + "' does not fit the configured key (HS* needs WS_JWT_SECRET, the others a public key or JWKS)");
        }
      }
    }

    private void checkDurations() {
      ConnectionConfig conn = c.connections();
      if (conn.heartbeatTimeout().compareTo(conn.heartbeatInterval()) <= 0) {
        add("WS_HEARTBEAT_TIMEOUT", conn.heartbeatTimeout(), "must be longer than WS_HEARTBEAT_INTERVAL");
      }
      BlockingConfig b = c.blocking();
      if (b.maxBlockDuration().compareTo(b.blockDuration()) < 0) {
        add("WS_BLOCK_MAX_DURATION", b.maxBlockDuration(), "must be at least WS_BLOCK_DURATION");
      }
    }

    private void checkListeners() {
      ServerConfig s = c.server();
      if ((s.tlsCertFile() == null) != (s.tlsKeyFile() == null)) {
        add(s.tlsCertFile() == null ? "WS_TLS_CERT_FILE" : "WS_TLS_KEY_FILE", null,
            "WS_TLS_CERT_FILE and WS_TLS_KEY_FILE go together");
      }
      if (s.tlsCertFile() != null && !Files.isReadable(s.tlsCertFile())) {
        add("WS_TLS_CERT_FILE", s.tlsCertFile(), "must be a readable PEM file");
      }
      if (s.tlsKeyFile() != null && !Files.isReadable(s.tlsKeyFile())) {
        add("WS_TLS_KEY_FILE", s.tlsKeyFile(), "must be a readable PEM file");
      }
      if (s.routesPort() != null && s.routesPort() != 0 && s.routesPort() == s.port()) {
        add("WS_ADMIN_PORT", s.routesPort(), "must differ from WS_PORT (leave it unset to share that port)");
      }
    }

    /**
     * A CA file with a plain-text URL would look like TLS to whoever reads the settings and be nothing of
     * the kind: refuse it rather than connect in the clear.
     */
    private void checkRedisTls() {
      StateConfig s = c.state();
      if (s.redisTlsCaFile() == null) {
        return;
      }
      if (!s.redisTls()) {
        add("WS_REDIS_TLS_CA_FILE", s.redisTlsCaFile(),
            "needs a TLS URL in WS_REDIS_URL (rediss:// or rediss-sentinel://); the connection would be plain text");
      } else if (!Files.isReadable(s.redisTlsCaFile())) {
        add("WS_REDIS_TLS_CA_FILE", s.redisTlsCaFile(), "must be a readable PEM file of CA certificates");
      }
    }

    /**
     * The origin policy compares normalised origins exactly; the environment normalises them, the
     * builder does not, so an origin given in code must already be in normal form or it would never match.
     */
    private void checkOrigins() {
      for (String origin : c.network().allowedOrigins()) {
        String normal = dev.portcullis.core.model.Origin.normalizeOrNull(origin);
        if (!origin.equals(normal)) {
          add("WS_ALLOWED_ORIGINS", origin, normal == null
              ? "'" + origin + "' is not an origin such as https://app.example.com"
              : "'" + origin + "' must be written in normal form: " + normal);
        }
      }
    }

    private static boolean loopback(String host) {
      if ("localhost".equalsIgnoreCase(host)) {
        return true;
      }
      try {
        return dev.portcullis.core.model.IpLiteral.parse(host).isLoopbackAddress();
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }
}
