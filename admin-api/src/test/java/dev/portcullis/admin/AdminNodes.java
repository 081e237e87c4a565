package dev.portcullis.admin;

import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.model.CidrSet;
import dev.portcullis.testkit.PortcullisServer;
import java.util.Set;
import java.util.function.Consumer;

/** The configuration the admin tests run a node with. */
final class AdminNodes {

  static final String JWT_SECRET = "a-test-secret-of-at-least-thirty-two-bytes!";
  static final String ADMIN_TOKEN = "static-admin-token-0123456789abcdef";
  static final String CONSOLE = "https://console.example.com";
  /** Addresses the admin surface admits (besides loopback); tests take one each. */
  static final String ADMIN_RANGE = "198.51.100.0/24";
  /** An address outside {@link #ADMIN_RANGE}. */
  static final String OUTSIDER = "203.0.113.66";
  static final int MAX_FAILED_AUTH = 3;

  private AdminNodes() {}

  /**
   * A node on loopback that believes {@code X-Forwarded-For} from loopback, admits admins from
   * {@link #ADMIN_RANGE}, knows the static token and the JWT secret, and allows {@link #CONSOLE} as an origin.
   */
  static PortcullisServer server(Consumer<PortcullisConfig.Builder> more) {
    return PortcullisServer.with(config -> {
      config.jwtSecret(JWT_SECRET)
          .trustedProxies(CidrSet.parse("127.0.0.1/32"))
          .adminAllowedIps(CidrSet.parse("127.0.0.1/32," + ADMIN_RANGE))
          .adminToken(ADMIN_TOKEN)
          .maxFailedAuth(MAX_FAILED_AUTH)
          .allowedOrigins(Set.of(CONSOLE));
      more.accept(config);
    });
  }

  static PortcullisServer server() {
    return server(config -> {});
  }
}
