package dev.portcullis.core.port;

import java.util.Objects;

/**
 * One dependency's readiness (Redis, a JWKS endpoint), as {@code /health} reports it. Adapters add theirs
 * with {@code Multibinder.newSetBinder(binder(), HealthCheck.class)}. Implementations answer from what they
 * already know (a circuit breaker's state, the last refresh) and never block.
 */
public interface HealthCheck {

  /** A stable, short name such as {@code redis}. */
  String name();

  Status check();

  /**
   * @param ready  false when the node cannot serve as configured because of this dependency
   * @param detail a short, operator-facing word or phrase (no secret, no stack trace)
   */
  record Status(boolean ready, String detail) {
    public Status {
      Objects.requireNonNull(detail, "detail");
    }
  }
}
