package dev.portcullis.core.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Where the endpoint listens and how long a client may take to ask for the upgrade.
 *
 * @param port       0 binds any free port (tests)
 * @param routesPort where the extra HTTP routes (admin, health, metrics) listen, apart from the WebSocket
 *                   endpoint; {@code null} serves them on {@code port}; 0 binds any free port
 */
public record ServerConfig(
    @Variable("WS_HOST") @NotBlank String host,
    @Variable("WS_PORT") @Min(0) @Max(65535) int port,
    @Variable("WS_PATH") @Pattern(regexp = "/[A-Za-z0-9._~/-]*", message = "must be a path starting with /")
        String path,
    @Variable("WS_HANDSHAKE_TIMEOUT") @DurationMin(seconds = 1) @DurationMax(seconds = 300) Duration handshakeTimeout,
    @Variable("WS_TLS_CERT_FILE") Path tlsCertFile,
    @Variable("WS_TLS_KEY_FILE") Path tlsKeyFile,
    @Variable("WS_ADMIN_PORT") @Min(0) @Max(65535) Integer routesPort) {

  public boolean tls() {
    return tlsCertFile != null;
  }
}
