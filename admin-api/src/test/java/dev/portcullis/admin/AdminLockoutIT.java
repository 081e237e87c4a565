package dev.portcullis.admin;

import static dev.portcullis.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.model.CidrSet;
import dev.portcullis.testkit.PortcullisServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guessing the admin token from an address that {@code WS_ALLOWLIST} exempts from blocks (an office range
 * that is also an admin range) is held back all the same: the surface counts its own failures.
 */
class AdminLockoutIT {

  /** Inside both {@code WS_ALLOWLIST} and {@code WS_ADMIN_ALLOWED_IPS}. */
  private static final String OFFICE = "198.51.100.0/25";

  @RegisterExtension
  static PortcullisServer server = AdminNodes.server(config -> config.allowlist(CidrSet.parse(OFFICE)));

  @Test
  void locksOutAnAllowListedAddressAfterRepeatedWrongTokens() {
    AdminClient guesser = AdminClient.of(server.port(), "198.51.100.20");
    for (int i = 0; i < AdminNodes.MAX_FAILED_AUTH; i++) {
      assertThat(guesser.bearer("guess-" + i).get("/admin/blocks").statusCode()).isEqualTo(401);
    }

    HttpResponse<String> locked = guesser.bearer(AdminNodes.ADMIN_TOKEN).get("/admin/blocks");
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(json(locked).get("error").asText()).isEqualTo("blocked");
    assertThat(locked.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
        assertThat(Long.parseLong(seconds)).isBetween(1L, 300L));

    HttpResponse<String> colleague = AdminClient.of(server.port(), "198.51.100.21").bearer(AdminNodes.ADMIN_TOKEN)
        .get("/admin/blocks");
    assertThat(colleague.statusCode()).as("another address of the range is not held back").isEqualTo(200);
    assertThat(json(colleague).get("blocks")).as("the allow-listed address itself is still never blocked").isEmpty();
  }

  @Test
  void countsNoFailureForAnAdminThatGetsItRight() {
    AdminClient admin = AdminClient.of(server.port(), "198.51.100.30").bearer(AdminNodes.ADMIN_TOKEN);
    for (int i = 0; i < AdminNodes.MAX_FAILED_AUTH + 2; i++) {
      assertThat(admin.get("/admin/blocks").statusCode()).isEqualTo(200);
    }
  }
}
