package dev.portcullis.admin.routes;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * The body of {@code POST /admin/revocations}: one token by its {@code jti}, or every token of a subject
 * issued before a time.
 *
 * @param issuedBefore only with {@code subject}; now when absent
 * @param seconds      how long the revocation is kept: 24 hours when absent, at most 30 days
 */
public record RevocationRequest(
    @Size(min = 1, max = Limits.MAX_SUBJECT) @Pattern(regexp = Limits.PRINTABLE) String tokenId,
    @Size(min = 1, max = Limits.MAX_SUBJECT) @Pattern(regexp = Limits.PRINTABLE) String subject,
    Instant issuedBefore,
    @Min(1) @Max(Limits.MAX_SECONDS) Long seconds,
    @Size(max = Limits.MAX_REASON) @Pattern(regexp = Limits.PRINTABLE) String reason) {}
