package dev.portcullis.undertow;

import dev.portcullis.core.event.MessageRefused;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.PolicyId;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binary messages of one socket. They have no envelope for the message pipeline to read, so the
 * transport judges them itself: refused {@code binary_not_allowed} unless {@code WS_ALLOW_BINARY}, then,
 * from an authenticated socket, counted by a {@link BinaryRate} (not for {@code WS_ALLOWLIST} addresses)
 * and delivered to the application. Confined to the socket's IO thread.
 */
final class BinaryMessages {

  private static final Logger LOG = LoggerFactory.getLogger(BinaryMessages.class);
  /** The policy name {@code binary_not_allowed} refusals are published under. */
  private static final String TRANSPORT = "transport";
  private static final PolicyId MESSAGE_RATE = PolicyId.of("message-rate");

  private final GuardedSession session;
  private final SessionCloser closer;
  private final SessionAuthentication auth;
  private final SessionServices services;
  /** Null when binary messages are not allowed or the address is exempt from rates. */
  private final BinaryRate rate;

  BinaryMessages(GuardedSession session, SessionCloser closer, SessionAuthentication auth, SessionServices services) {
    this.session = session;
    this.closer = closer;
    this.auth = auth;
    this.services = services;
    this.rate = services.messages().allowBinary() && !services.allowlist().contains(session.client().address())
        ? new BinaryRate(services.messages(), services.nanoTime())
        : null;
  }

  /** A binary message began while {@code WS_ALLOW_BINARY} is off; its bytes are dropped as they arrive. */
  void refused() {
    if (closer.closing()) {
      return;
    }
    session.arrived();
    closer.startJudging();
    try {
      session.refuse(ClientFrames.BINARY_NOT_ALLOWED, TRANSPORT, null);
    } catch (RuntimeException e) {
      session.failed(e);
    } finally {
      closer.endJudging();
    }
  }

  /** A whole binary message arrived while {@code WS_ALLOW_BINARY} is on. */
  void received(ByteBuffer data) {
    if (closer.closing()) {
      return;
    }
    session.arrived();
    if (auth.tokenExpired()) {
      return;
    }
    closer.startJudging();
    try {
      if (!auth.authenticated()) {
        session.refuseUnauthenticated(null);
      } else if (rate == null || rate.admit(data.remaining()) || dryRun()) {
        deliver(data);
      } else {
        session.refuse(ClientFrames.RATE_LIMITED, MESSAGE_RATE.value(), null);
      }
    } catch (RuntimeException e) {
      session.failed(e);
    } finally {
      closer.endJudging();
    }
  }

  private void deliver(ByteBuffer data) {
    try {
      services.handler().onBinary(session, data);
    } catch (RuntimeException e) {
      LOG.error("The application's MessageHandler failed on a binary message of socket {}", session.id(), e);
    }
  }

  /** Under {@code WS_DRY_RUN=message-rate} (or {@code all}) a binary message over the rate is reported, not refused. */
  private boolean dryRun() {
    if (!services.dryRun().applies(MESSAGE_RATE)) {
      return false;
    }
    Principal who = auth.principal();
    services.events().publish(new MessageRefused(services.clock().instant(), session.client().key(),
        who == null ? null : who.subject(), session.id(), ClientFrames.RATE_LIMITED, MESSAGE_RATE.value(), true));
    return true;
  }
}
