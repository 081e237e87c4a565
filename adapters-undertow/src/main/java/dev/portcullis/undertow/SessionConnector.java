package dev.portcullis.undertow;

import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.function.BooleanSupplier;
import org.xnio.IoUtils;

/**
 * Turns each completed upgrade into a {@link GuardedSession} that takes over the admission's leases.
 * An upgrade without an admission (which the chain never lets happen) or whose leases were already
 * released (the client left) is closed at once. Immutable and thread-safe.
 */
final class SessionConnector implements WebSocketConnectionCallback {

  private final SessionServices services;
  private final LiveSessions live;
  private final BooleanSupplier draining;

  SessionConnector(SessionServices services, LiveSessions live, BooleanSupplier draining) {
    this.services = services;
    this.live = live;
    this.draining = draining;
  }

  @Override
  public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
    Admission admission = exchange.getAttachment(Admission.KEY);
    if (admission == null || !admission.leases().claim()) {
      if (admission != null) {
        admission.leases().releaseAll();
      }
      IoUtils.safeClose(channel);
      return;
    }
    new GuardedSession(channel, admission, services, live).start(draining.getAsBoolean());
  }
}
