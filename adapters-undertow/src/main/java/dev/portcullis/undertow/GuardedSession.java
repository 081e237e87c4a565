package dev.portcullis.undertow;

import dev.portcullis.core.app.Session;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.port.Lease;
import dev.portcullis.core.port.LeaseScope;
import dev.portcullis.core.port.OpenConnection;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * One upgraded socket: what the application sees as a {@link Session} and the registry as an
 * {@link OpenConnection}.
 *
 * <p>It owns the slots its handshake leased and releases each exactly once when the socket closes,
 * whatever closed it (the client, a reset, the server), then unregisters. While the handshake deferred
 * authentication, it waits for a first message {@code {"type":"auth","token":..}} (checked on a
 * worker thread, never the IO thread) for at most {@code WS_AUTH_TIMEOUT}; nothing reaches the
 * application before that. Outbound messages go through a bounded queue.
 *
 * <p>Inbound messages arrive on the socket's IO thread through {@link #received}; the later message
 * path (envelope, rates, heartbeats) slots in there. Thread-safe: {@link #send} and {@link #close} may
 * be called from any thread.
 */
final class GuardedSession implements Session, OpenConnection {

  private static final Logger LOG = LoggerFactory.getLogger(GuardedSession.class);
  private static final SecureRandom IDS = new SecureRandom();
  /** The carrier name {@code AuthenticationFailed} events use for first-message tokens. */
  private static final String MESSAGE_CARRIER = "message";

  private enum State { AWAITING_AUTH, AUTHENTICATING, OPEN, CLOSED }

  private final String id = newId();
  private final WebSocketChannel channel;
  private final ClientAddress client;
  private final Instant openedAt;
  private final LeaseSet leases;
  private final SessionServices services;
  private final LiveSessions live;
  private final OutboundQueue outbound;
  private final AtomicReference<State> state;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile Principal principal;
  /** The application was told of the open, so it is owed an {@code onClose}. */
  private volatile boolean opened;
  private volatile int closeCode = CloseCodes.ABNORMAL;
  private volatile String closeReason = "";
  private volatile Future<?> authTimer;
  private volatile Future<?> forcedClose;

  GuardedSession(WebSocketChannel channel, Admission admission, SessionServices services, LiveSessions live) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.client = admission.context().request().client();
    this.principal = admission.context().principal().orElse(null);
    this.leases = admission.leases();
    this.services = services;
    this.live = live;
    this.openedAt = services.clock().instant();
    this.state = new AtomicReference<>(admission.context().authenticationDeferred() ? State.AWAITING_AUTH : State.OPEN);
    this.outbound = new OutboundQueue(channel, services.messages().maxQueueSize(),
        () -> close(CloseCodes.TRY_AGAIN_LATER, CloseCodes.QUEUE_FULL));
  }

  /** 128 random bits, base64url: unguessable, so an id seen in a log or the admin API cannot be forged. */
  private static String newId() {
    byte[] bytes = new byte[16];
    IDS.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Called once, on the IO thread, right after the upgrade. */
  void start(boolean draining) {
    channel.addCloseTask(ch -> finish());
    live.add(this);
    services.registry().register(this);
    channel.getReceiveSetter().set(new SessionReceiveListener(this, services.messages().maxMessageSize()));
    channel.resumeReceives();
    if (!channel.isOpen()) {
      finish(); // closed before the close task was in place
    } else if (draining) {
      close(CloseCodes.GOING_AWAY, CloseCodes.SHUTDOWN);
    } else if (state.get() == State.AWAITING_AUTH) {
      authTimer = services.timer().schedule(
          () -> close(CloseCodes.POLICY_VIOLATION, CloseCodes.AUTH_TIMEOUT),
          services.authConfig().authTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } else {
      opened();
    }
  }

  // ---- Session and OpenConnection ----

  @Override
  public String id() {
    return id;
  }

  @Override
  public ClientAddress client() {
    return client;
  }

  @Override
  public Optional<Principal> principal() {
    return Optional.ofNullable(principal);
  }

  @Override
  public Instant openedAt() {
    return openedAt;
  }

  /** Queues {@code text}; never blocks. Dropped once the socket is closing. */
  @Override
  public void send(String text) {
    Objects.requireNonNull(text, "text");
    if (!closing.get()) {
      outbound.offer(text);
    }
  }

  /**
   * Sends a close frame with {@code code} and {@code reason} (cut to 123 bytes, RFC 6455 §5.5) and
   * closes TCP once the peer answers or the close timeout passes. Only the first call counts.
   *
   * @throws IllegalArgumentException when {@code code} may not be sent (RFC 6455 §7.4)
   */
  @Override
  public void close(int code, String reason) {
    if (!CloseCodes.sendable(code)) {
      throw new IllegalArgumentException("close code " + code + " cannot be sent in a close frame (RFC 6455 §7.4)");
    }
    String fitted = fit(reason == null ? "" : reason);
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closeCode = code;
    closeReason = fitted;
    outbound.discard();
    cancel(authTimer);
    onIoThread(() -> {
      forcedClose = services.timer().schedule(this::abort, services.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
      WebSockets.sendClose(code, fitted, channel, new WebSocketCallback<Void>() {
        @Override
        public void complete(WebSocketChannel ch, Void context) {
          // Undertow closes TCP once the peer's close frame arrives; the forced close covers a silent peer.
        }

        @Override
        public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
          abort();
        }
      });
    });
  }

  // ---- from the receive listener, on the IO thread ----

  WebSocketChannel channel() {
    return channel;
  }

  /** A whole text message arrived. Nothing is delivered once the socket is closing. */
  void received(String text) {
    if (closing.get()) {
      return;
    }
    switch (state.get()) {
      case OPEN -> deliver(text);
      case AWAITING_AUTH -> authenticateWith(ClientFrames.Inbound.parse(text));
      case AUTHENTICATING -> send(ClientFrames.error(ClientFrames.UNAUTHENTICATED, ClientFrames.Inbound.parse(text).id()));
      case CLOSED -> { }
    }
  }

  /** The peer sent a close frame; Undertow answers it. */
  void peerClosed(int code, String reason) {
    if (closing.compareAndSet(false, true)) {
      closeCode = code;
      closeReason = reason == null ? "" : reason;
      outbound.discard();
      cancel(authTimer);
      forcedClose = services.timer().schedule(this::abort, services.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Closes TCP now, without waiting for any close handshake. */
  void abort() {
    IoUtils.safeClose(channel);
  }

  // ---- internals ----

  private void deliver(String text) {
    try {
      services.handler().onText(this, text);
    } catch (RuntimeException e) {
      LOG.error("The application's MessageHandler failed on a message of socket {}", id, e);
    }
  }

  private void opened() {
    opened = true;
    try {
      services.handler().onOpen(this);
    } catch (RuntimeException e) {
      LOG.error("The application's MessageHandler failed to open socket {}", id, e);
    }
  }

  private void authenticateWith(ClientFrames.Inbound message) {
    if (!message.auth()) {
      send(ClientFrames.error(ClientFrames.UNAUTHENTICATED, message.id()));
      return;
    }
    if (!state.compareAndSet(State.AWAITING_AUTH, State.AUTHENTICATING)) {
      return;
    }
    if (message.token() == null) {
      authenticationFailed(AuthFailure.MISSING, message.id());
      return;
    }
    BearerToken token = new BearerToken(message.token(), BearerToken.Carrier.MESSAGE);
    try {
      services.workers().execute(() -> authenticate(token, message.id()));
    } catch (RejectedExecutionException e) {
      state.compareAndSet(State.AUTHENTICATING, State.AWAITING_AUTH);
      send(ClientFrames.error(ClientFrames.UNAUTHENTICATED, message.id()));
    }
  }

  /** On a worker thread: the AuthPort may wait on I/O (a JWKS fetch). */
  private void authenticate(BearerToken token, String ref) {
    AuthResult result;
    try {
      result = services.auth().authenticate(token);
    } catch (RuntimeException e) {
      // The exception text might quote the token: only its kind is logged.
      LOG.error("The AuthPort failed with {} on a first-message token of socket {}; refusing it",
          e.getClass().getName(), id);
      result = new AuthResult.Rejected(AuthFailure.KEYS_UNAVAILABLE);
    }
    if (result instanceof AuthResult.Authenticated authenticated) {
      admit(authenticated.principal());
    } else {
      authenticationFailed(((AuthResult.Rejected) result).reason(), ref);
    }
  }

  private void authenticationFailed(AuthFailure reason, String ref) {
    try {
      services.failedAuth().failed(client, reason, MESSAGE_CARRIER);
    } catch (RuntimeException e) {
      LOG.error("Counting a failed authentication of {} failed", client, e);
    }
    state.compareAndSet(State.AUTHENTICATING, State.AWAITING_AUTH);
    send(ClientFrames.error(ClientFrames.UNAUTHENTICATED, ref));
  }

  /** On a worker thread: takes the subject's slot, then opens on the IO thread. */
  private void admit(Principal who) {
    Optional<Lease> slot = services.registry().tryLease(LeaseScope.SUBJECT, who.subject(),
        services.connections().maxPerUser());
    if (slot.isEmpty()) {
      close(CloseCodes.POLICY_VIOLATION, CloseCodes.TOO_MANY_CONNECTIONS);
      return;
    }
    if (!leases.add(slot.get())) {
      return; // closed meanwhile; the slot went back at once
    }
    onIoThread(() -> {
      if (closing.get() || !state.compareAndSet(State.AUTHENTICATING, State.OPEN)) {
        return;
      }
      principal = who;
      cancel(authTimer);
      send(ClientFrames.AUTH_OK);
      opened();
    });
  }

  /** The socket is gone, whatever closed it: Undertow's close task, on the IO thread. Runs once. */
  private void finish() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    state.set(State.CLOSED);
    closing.set(true);
    cancel(authTimer);
    cancel(forcedClose);
    outbound.discard();
    try {
      services.registry().unregister(this);
    } catch (RuntimeException e) {
      LOG.error("Unregistering socket {} failed", id, e);
    }
    leases.releaseAll();
    live.remove(this); // last: a drain waiting on it then finds every slot given back
    if (opened) {
      try {
        services.handler().onClose(this, closeCode, closeReason);
      } catch (RuntimeException e) {
        LOG.error("The application's MessageHandler failed to close socket {}", id, e);
      }
    }
  }

  private void onIoThread(Runnable task) {
    try {
      channel.getIoThread().execute(task);
    } catch (RejectedExecutionException e) {
      abort(); // the IO thread is gone: the server is stopping
    }
  }

  private static void cancel(Future<?> task) {
    if (task != null) {
      task.cancel(false);
    }
  }

  /** {@code reason} cut to at most 123 bytes of UTF-8, never inside a character. */
  static String fit(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= CloseCodes.MAX_REASON_BYTES) {
      return reason;
    }
    int end = reason.length();
    while (reason.substring(0, end).getBytes(StandardCharsets.UTF_8).length > CloseCodes.MAX_REASON_BYTES) {
      end--;
    }
    if (end > 0 && Character.isHighSurrogate(reason.charAt(end - 1))) {
      end--;
    }
    return reason.substring(0, end);
  }

  @Override
  public String toString() {
    return "GuardedSession[" + id + ", " + client + "]";
  }
}
