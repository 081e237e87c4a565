package dev.portcullis.admin.routes;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /admin/blocks}: exactly one target, an address (or CIDR) or a subject.
 *
 * @param seconds how long the block lasts; {@code WS_BLOCK_DURATION} when absent
 * @param reason  the operator's words, kept with the block and in the audit trail
 */
public record BlockRequest(
    @Size(min = 1, max = 64) String address,
    @Size(min = 1, max = Limits.MAX_SUBJECT) @Pattern(regexp = Limits.PRINTABLE) String subject,
    @Min(1) @Max(Limits.MAX_SECONDS) Long seconds,
    @Size(max = Limits.MAX_REASON) @Pattern(regexp = Limits.PRINTABLE) String reason) {}
