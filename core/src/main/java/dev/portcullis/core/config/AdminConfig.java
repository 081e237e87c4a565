package dev.portcullis.core.config;

import dev.portcullis.core.model.CidrSet;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;

/**
 * Who may reach {@code /admin}, and where admin actions are recorded.
 *
 * @param auditFile the append-only, hash-chained audit trail; {@code null} keeps no trail
 */
public record AdminConfig(
    @Variable("WS_ADMIN_TOKEN") Secret token,
    @Variable("WS_ADMIN_ROLE") @NotBlank String role,
    @Variable("WS_ADMIN_ALLOWED_IPS") CidrSet allowedAddresses,
    @Variable("WS_AUDIT_FILE") Path auditFile) {}
