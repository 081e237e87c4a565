package dev.portcullis.core.config;

import dev.portcullis.core.model.CidrSet;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Set;

/**
 * Who the client is and where it may come from.
 *
 * @param allowedOrigins  normalised origins ({@code https://app.example.com}); empty means same host only
 * @param forwardedHeader the forwarding header the trusted proxies write; the other is never read
 */
public record NetworkConfig(
    @Variable("WS_ALLOWED_ORIGINS") Set<String> allowedOrigins,
    @Variable("WS_TRUSTED_PROXIES") CidrSet trustedProxies,
    @Variable("WS_FORWARDED_HEADER") @NotNull ForwardedHeader forwardedHeader,
    @Variable("WS_IPV6_PREFIX_LENGTH") @Min(16) @Max(128) int ipv6PrefixLength) {

  public NetworkConfig {
    allowedOrigins = Set.copyOf(allowedOrigins);
  }
}
