package dev.portcullis.quickstart;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The payload of a {@code track} message, registered with {@code payload("track", Track.class)}: the
 * payload must bind to exactly these fields (an unknown one is refused) and meet every constraint, or
 * the message is refused {@code payload_invalid} and never reaches the application. Immutable.
 *
 * @param name  the track's name, 1 to 64 characters
 * @param bpm   tempo, 20 to 400 beats per minute
 * @param gain  in decibels, -60 to +12
 * @param muted whether the track is muted
 */
public record Track(
    @NotBlank @Size(max = 64) String name,
    @Min(20) @Max(400) int bpm,
    @DecimalMin("-60.0") @DecimalMax("12.0") double gain,
    boolean muted) {}
