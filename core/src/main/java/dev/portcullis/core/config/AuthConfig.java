package dev.portcullis.core.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Whether and how connections authenticate.
 *
 * @param authTimeout  zero refuses a token-less handshake with 401; above zero the socket may send its
 *                     token as its first message within this time
 * @param bypass       {@code WS_AUTH_BYPASS} or {@code DEV_WS_AUTH_BYPASS}: development only
 */
public record AuthConfig(
    @Variable("WS_REQUIRE_AUTH") boolean requireAuth,
    @Variable("WS_AUTH_TIMEOUT") @DurationMin(seconds = 0) Duration authTimeout,
    @Variable("WS_TOKEN_CACHE_TTL") @DurationMin(seconds = 0) Duration tokenCacheTtl,
    @Variable("WS_AUTH_BYPASS") boolean bypass,
    @Variable("DEV_WS_USER_ID") @NotBlank String devUserId,
    @Valid JwtConfig jwt) {}
