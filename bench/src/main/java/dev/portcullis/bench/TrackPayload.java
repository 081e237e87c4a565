package dev.portcullis.bench;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The payload class the schema benchmarks register for {@code track}: two fields, four constraints, as
 * a team would write one. Immutable.
 */
public record TrackPayload(@NotBlank @Size(max = 64) String room, @NotNull @Size(max = 1000) String text) {}
