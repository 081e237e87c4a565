package dev.portcullis.jwt;

import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.config.PortcullisConfig;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Authentication configurations built through the real builder, so that they are validated. */
final class Configs {

  private Configs() {}

  /** An HMAC configuration with zero skew and no cache, plus {@code changes}. */
  static AuthConfig hmac(UnaryOperator<PortcullisConfig.Builder> changes) {
    return changes.apply(PortcullisConfig.builder()
        .jwtSecret(Tokens.SECRET)
        .jwtClockSkew(Duration.ZERO)
        .tokenCacheTtl(Duration.ZERO)).build().auth();
  }

  static AuthConfig hmac() {
    return hmac(b -> b);
  }

  /** A PEM public-key configuration with zero skew and no cache, plus {@code changes}. */
  static AuthConfig pem(String pem, UnaryOperator<PortcullisConfig.Builder> changes) {
    return changes.apply(PortcullisConfig.builder()
        .jwtPublicKeyPem(pem)
        .jwtClockSkew(Duration.ZERO)
        .tokenCacheTtl(Duration.ZERO)).build().auth();
  }
}
