package dev.portcullis.core.config;

/** A token bucket: {@code perSecond} refill and {@code burst} capacity, written {@code rate/burst}. */
public record RateSpec(double perSecond, int burst) {

  public RateSpec {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("a rate must be a positive number per second");
    }
    if (burst < 1) {
      throw new IllegalArgumentException("a burst must be at least 1");
    }
  }
}
