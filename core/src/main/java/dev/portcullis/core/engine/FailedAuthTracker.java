package dev.portcullis.core.engine;

import dev.portcullis.core.config.BlockingConfig;
import dev.portcullis.core.event.AuthenticationFailed;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.RateDecision;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.RateRule;
import java.time.Clock;

/**
 * Counts failed authentications per address and blocks the address at the
 * {@code WS_MAX_FAILED_AUTH}-th failure inside {@code WS_FAILED_AUTH_WINDOW}. Thread-safe.
 */
public final class FailedAuthTracker {

  private final RateLimitPort counters;
  private final AddressBlocker blocker;
  private final SecurityEvents events;
  private final Clock clock;
  private final RateRule rule;

  public FailedAuthTracker(RateLimitPort counters, AddressBlocker blocker, SecurityEvents events, BlockingConfig config,
      Clock clock) {
    this.counters = counters;
    this.blocker = blocker;
    this.events = events;
    this.clock = clock;
    this.rule = new RateRule("failed-auth", config.maxFailedAuth(), config.failedAuthWindow());
  }

  /**
   * Records one failure.
   *
   * @param carrier where the refused token came from ({@code none} when there was no token)
   * @return true when this failure blocked the address
   */
  public boolean failed(ClientAddress client, AuthFailure reason, String carrier) {
    events.publish(new AuthenticationFailed(clock.instant(), client.key(), reason.code(), carrier));
    RateDecision decision = counters.tryConsume(rule, client.key(), 1);
    if (decision.allowed() && decision.remaining() > 0) {
      return false;
    }
    counters.reset(rule, client.key());
    return blocker.blockAutomatically(client, "failed_auth").isPresent();
  }
}
