package dev.portcullis.core.config;

import dev.portcullis.core.model.CidrSet;
import jakarta.validation.constraints.NotBlank;

/** Who may reach {@code /admin}. */
public record AdminConfig(
    @Variable("WS_ADMIN_TOKEN") Secret token,
    @Variable("WS_ADMIN_ROLE") @NotBlank String role,
    @Variable("WS_ADMIN_ALLOWED_IPS") CidrSet allowedAddresses) {}
