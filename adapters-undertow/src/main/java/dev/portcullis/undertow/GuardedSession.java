package dev.portcullis.undertow;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portcullis.core.app.InboundMessage;
import dev.portcullis.core.app.Session;
import dev.portcullis.core.engine.BlockEnforcer;
import dev.portcullis.core.engine.MessageOutcome;
import dev.portcullis.core.engine.MessageSession;
import dev.portcullis.core.engine.RevocationEnforcer;
import dev.portcullis.core.event.MessageRefused;
import dev.portcullis.core.message.Envelope;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.policy.PolicyId;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.core.port.OpenConnection;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * One upgraded socket, from the upgrade to the close: what the application sees as a {@link Session}
 * and the registry as an {@link OpenConnection}.
 *
 * <p><b>Messages.</b> Every whole text message is judged by the {@link dev.portcullis.core.engine.MessagePipeline}
 * on the socket's IO thread; an admitted one is delivered to the application, except the framework's
 * own: {@code auth} (handled here, never delivered) and {@code heartbeat} (a sign of life, not
 * answered). A refused one is answered with the error frame, or silently once the connection's error
 * frames are spent, or closes {@code 1008 too_many_violations}. Binary messages are refused
 * {@code binary_not_allowed} unless {@code WS_ALLOW_BINARY}, then counted by a {@link BinaryRate}.
 *
 * <p><b>Authentication.</b> A socket whose handshake deferred authentication may only send {@code auth}
 * until a token is accepted (anything else is refused {@code unauthenticated}); the token is checked on
 * a worker thread, never the IO thread, and answered {@code {"type":"auth_ok"}}. Later {@code auth}
 * messages refresh the token: it must be valid, not revoked, and name the same subject. A valid token
 * whose subject is blocked closes the socket {@code 1008 blocked}; a socket whose token is revoked or
 * whose subject is blocked while it is open is closed by the core's enforcers, and one the handshake
 * admitted just before such a change is closed as it starts. The socket never outlives its
 * token: at the principal's {@code exp} it closes {@code 1008 token_expired}, and no message is
 * processed after it.
 *
 * <p><b>Time.</b> This class schedules nothing: one sweep over all sockets ({@link SessionSweep}) calls
 * {@link #tick} to close a socket past its authentication, lifetime, token or heartbeat deadline, to
 * ping it, and to drop its TCP connection when a close handshake takes too long.
 *
 * <p><b>Close.</b> Outbound messages go through a bounded queue; a close sends what is queued, then the
 * close frame ({@code queue_full} drops the queue instead). The slots the handshake leased are released
 * exactly once, whatever closed the socket, then it is unregistered.
 *
 * <p>Thread-safe: {@link #send}, {@link #close} and the getters may be called from any thread; the
 * message methods run on the socket's IO thread, {@link #tick} on the sweep's.
 */
final class GuardedSession implements Session, OpenConnection {

  private static final Logger LOG = LoggerFactory.getLogger(GuardedSession.class);
  private static final SecureRandom IDS = new SecureRandom();
  /** The policy names the transport's own refusals are published under. */
  private static final String AUTHENTICATION = "authentication";
  private static final PolicyId AUTHENTICATION_ID = PolicyId.of(AUTHENTICATION);
  private static final String TRANSPORT = "transport";
  private static final PolicyId MESSAGE_RATE = PolicyId.of("message-rate");
  private static final long NEVER = Long.MAX_VALUE;
  private static final long NOT_CLOSING = Long.MIN_VALUE;

  private final String id = newId();
  private final WebSocketChannel channel;
  private final ClientAddress client;
  private final Instant openedAt;
  private final long openedNanos;
  private final LeaseSet leases;
  private final SessionServices services;
  private final LiveSessions live;
  private final OutboundQueue outbound;
  private final BinaryRate binaryRate;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicLong messagesOut = new AtomicLong();
  private final Runnable ping = this::ping;
  private final WebSocketCallback<Void> pinged = new WebSocketCallback<>() {
    @Override
    public void complete(WebSocketChannel ch, Void context) {
      pingInFlight = false;
    }

    @Override
    public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
      pingInFlight = false;
    }
  };

  /** False while a deferred authentication is awaited. */
  private volatile boolean authenticated;
  private volatile Principal principal;
  /** The principal's {@code exp} in epoch milliseconds, {@link #NEVER} without a token behind it. */
  private volatile long expiresAtMillis;
  private volatile long lastHeardNanos;
  private volatile long closingSinceNanos = NOT_CLOSING;
  private volatile boolean pingInFlight;
  /** The application was told of the open, so it is owed an {@code onClose}. */
  private volatile boolean opened;
  private volatile int closeCode = CloseCodes.ABNORMAL;
  private volatile String closeReason = "";
  /** Written only by the IO thread; read by anyone. */
  private volatile long messagesIn;
  /** Only the sweep's thread. */
  private long lastPingNanos;

  // Only the IO thread, from start() on.
  private MessageSession messages;
  /** Inside the pipeline or the handler: a close on this thread waits until the answer is queued. */
  private boolean judging;
  private int deferredCode;
  private String deferredReason;
  private boolean authInFlight;

  GuardedSession(WebSocketChannel channel, Admission admission, SessionServices services, LiveSessions live) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.client = admission.context().request().client();
    this.leases = admission.leases();
    this.services = services;
    this.live = live;
    this.openedAt = services.clock().instant();
    this.openedNanos = services.nanoTime().getAsLong();
    this.lastHeardNanos = openedNanos;
    this.lastPingNanos = openedNanos;
    this.authenticated = !admission.context().authenticationDeferred();
    adopt(admission.context().principal().orElse(null));
    this.outbound = new OutboundQueue(channel, services.messages().maxQueueSize(),
        () -> beginClose(CloseCodes.TRY_AGAIN_LATER, CloseCodes.QUEUE_FULL, false));
    this.binaryRate = services.messages().allowBinary() && !services.allowlist().contains(client.address())
        ? new BinaryRate(services.messages(), services.nanoTime())
        : null;
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
    // Registered first, checked second: a revocation or block made since the handshake was judged is
    // either seen here or finds this socket in the registry (see adoptUnlessRevokedOrBlocked).
    String lost = standingLost(principal);
    try {
      messages = services.pipeline().open(id, client, principal);
    } catch (RuntimeException e) {
      LOG.error("Opening the message policies of socket {} failed; closing it", id, e);
      abort();
      return;
    }
    channel.getReceiveSetter().set(new SessionReceiveListener(this, services.messages().maxMessageSize(),
        services.messages().allowBinary()));
    channel.resumeReceives();
    if (!channel.isOpen()) {
      finish(); // closed before the close task was in place
    } else if (lost != null) {
      close(CloseCodes.POLICY_VIOLATION, lost);
    } else if (draining) {
      close(CloseCodes.GOING_AWAY, CloseCodes.SHUTDOWN);
    } else if (authenticated) {
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

  @Override
  public long messagesIn() {
    return messagesIn;
  }

  @Override
  public long messagesOut() {
    return messagesOut.get();
  }

  @Override
  public int queued() {
    return outbound.size();
  }

  @Override
  public void send(String text) {
    Objects.requireNonNull(text, "text");
    if (!closing.get()) {
      messagesOut.incrementAndGet();
      outbound.offer(text);
    }
  }

  @Override
  public void sendJson(Object value) {
    String text;
    try {
      text = services.json().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Session.sendJson cannot serialise a "
          + (value == null ? "null" : value.getClass().getName()) + " as JSON", e);
    }
    send(text);
  }

  @Override
  public void sendBinary(ByteBuffer data) {
    ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
    if (!closing.get()) {
      messagesOut.incrementAndGet();
      outbound.offer(copy);
    }
  }

  @Override
  public boolean isOpen() {
    return !closing.get() && channel.isOpen();
  }

  /**
   * Sends what is queued, then a close frame with {@code code} and {@code reason} (cut to 123 bytes,
   * RFC 6455 §5.5), and closes TCP once the peer answers or the close timeout passes. Only the first
   * call counts. Safe from any thread: it always takes effect on the IO thread, and called there while
   * a message is being judged or handled, right after that message, so that a refused message's error
   * frame still goes out first and a {@code too_many_violations} close is not pre-empted by the
   * {@code blocked} close that the block it caused sends to every socket of the address.
   *
   * @throws IllegalArgumentException when {@code code} may not be sent (RFC 6455 §7.4)
   */
  @Override
  public void close(int code, String reason) {
    if (!CloseCodes.sendable(code)) {
      throw new IllegalArgumentException("close code " + code + " cannot be sent in a close frame (RFC 6455 §7.4)");
    }
    String fitted = fit(reason == null ? "" : reason);
    if (channel.getIoThread() != Thread.currentThread()) {
      // Hop to the IO thread: a close from elsewhere (a block, a kick, a drain) then lands after the
      // message being judged there, never inside it.
      onIoThread(() -> close(code, fitted));
      return;
    }
    if (judging) {
      if (deferredReason == null) {
        deferredCode = code;
        deferredReason = fitted;
      }
      return;
    }
    beginClose(code, fitted, true);
  }

  // ---- from the receive listener, on the IO thread ----

  WebSocketChannel channel() {
    return channel;
  }

  /** A sign of life: a message, a ping or a pong. */
  void heard() {
    lastHeardNanos = services.nanoTime().getAsLong();
  }

  /** A whole text message of {@code bytes} bytes arrived. Nothing is judged once the socket is closing. */
  void received(String text, int bytes) {
    if (closing.get()) {
      return;
    }
    messagesIn++;
    heard();
    if (tokenExpired()) {
      return;
    }
    judging = true;
    try {
      MessageOutcome outcome = services.pipeline().judge(messages, text, bytes);
      if (outcome == MessageOutcome.DELIVER) {
        dispatch(text);
      } else {
        answer(outcome, refOf(messages.context().envelope()));
      }
    } catch (RuntimeException e) {
      failed(e);
    } finally {
      judging = false;
      closeIfDeferred();
    }
  }

  /** A binary message began while {@code WS_ALLOW_BINARY} is off; its bytes are dropped as they arrive. */
  void binaryRefused() {
    if (closing.get()) {
      return;
    }
    messagesIn++;
    heard();
    judging = true;
    try {
      answer(refuse(ClientFrames.BINARY_NOT_ALLOWED, TRANSPORT), null);
    } catch (RuntimeException e) {
      failed(e);
    } finally {
      judging = false;
      closeIfDeferred();
    }
  }

  /** A whole binary message arrived while {@code WS_ALLOW_BINARY} is on. */
  void receivedBinary(ByteBuffer data) {
    if (closing.get()) {
      return;
    }
    messagesIn++;
    heard();
    if (tokenExpired()) {
      return;
    }
    judging = true;
    try {
      if (!authenticated) {
        answer(refuse(ClientFrames.UNAUTHENTICATED, AUTHENTICATION), null);
      } else if (binaryRate == null || binaryRate.admit(data.remaining()) || binaryDryRun()) {
        deliverBinary(data);
      } else {
        answer(refuse(ClientFrames.RATE_LIMITED, MESSAGE_RATE.value()), null);
      }
    } catch (RuntimeException e) {
      failed(e);
    } finally {
      judging = false;
      closeIfDeferred();
    }
  }

  /**
   * A message's first frame declared more than the size bound (PROTO-09): closed before any of it is
   * read. Undertow drops what still arrives of that frame; a peer that never finishes it is cut off by
   * the close timeout.
   */
  void declaredTooBig() {
    close(CloseCodes.MESSAGE_TOO_BIG, CloseCodes.MESSAGE_TOO_BIG_REASON);
  }

  /** The peer sent a close frame; Undertow answers it. */
  void peerClosed(int code, String reason) {
    long now = services.nanoTime().getAsLong();
    if (closing.compareAndSet(false, true)) {
      closingSinceNanos = now;
      closeCode = code;
      closeReason = reason == null ? "" : reason;
      outbound.discard();
    }
  }

  /** Closes TCP now, without waiting for any close handshake. */
  void abort() {
    IoUtils.safeClose(channel);
  }

  // ---- from the sweep ----

  /**
   * Checks this socket's deadlines, in order of precedence, and pings it when a ping is due.
   *
   * @param now       the ticker's nanoseconds
   * @param nowMillis the clock's epoch milliseconds (token expiry is wall time)
   */
  void tick(long now, long nowMillis) {
    Timeouts timeouts = services.timeouts();
    if (closing.get()) {
      long since = closingSinceNanos;
      if (since != NOT_CLOSING && now - since >= timeouts.close()) {
        abort(); // the peer never answered our close frame (or never finished its own handshake)
      }
    } else if (!authenticated && now - openedNanos >= timeouts.auth()) {
      close(CloseCodes.POLICY_VIOLATION, CloseCodes.AUTH_TIMEOUT);
    } else if (now - openedNanos >= timeouts.lifetime()) {
      close(CloseCodes.POLICY_VIOLATION, CloseCodes.CONNECTION_TIMEOUT);
    } else if (nowMillis >= expiresAtMillis) {
      close(CloseCodes.POLICY_VIOLATION, CloseCodes.TOKEN_EXPIRED);
    } else if (now - lastHeardNanos >= timeouts.silence()) {
      close(CloseCodes.POLICY_VIOLATION, CloseCodes.HEARTBEAT_TIMEOUT);
    } else if (now - lastPingNanos >= timeouts.pingEvery() && !pingInFlight) {
      lastPingNanos = now;
      pingInFlight = true; // at most one unwritten ping: a peer that does not read cannot pile them up
      onIoThread(ping);
    }
  }

  // ---- internals ----

  /** An admitted message: the framework's own types are handled here, the rest goes to the application. */
  private void dispatch(String text) {
    MessageContext context = messages.context();
    Envelope envelope = context.envelope();
    if (envelope == null) {
      envelope = services.envelopes().read(text).envelope(); // the envelope policy is in dry run
    }
    if (envelope != null && envelope.isAuth()) {
      authenticate(envelope);
    } else if (!authenticated) {
      answer(refuse(ClientFrames.UNAUTHENTICATED, AUTHENTICATION), refOf(envelope));
    } else if (envelope == null || !Envelope.HEARTBEAT.equals(envelope.type())) {
      deliver(new InboundMessage(text, envelope, context.payload(), principal));
    }
  }

  /**
   * Something under the message path threw (a port behind the scorer, say): the message is dropped,
   * never delivered half-judged, and the socket goes on.
   */
  private void failed(RuntimeException e) {
    LOG.error("Handling a message of socket {} failed; it was dropped", id, e);
  }

  private void deliver(InboundMessage message) {
    try {
      services.handler().onMessage(this, message);
    } catch (RuntimeException e) {
      LOG.error("The application's MessageHandler failed on a message of socket {}", id, e);
    }
  }

  private void deliverBinary(ByteBuffer data) {
    try {
      services.handler().onBinary(this, data);
    } catch (RuntimeException e) {
      LOG.error("The application's MessageHandler failed on a binary message of socket {}", id, e);
    }
  }

  /** Sends, or not, what a refusal calls for. */
  private void answer(MessageOutcome outcome, String ref) {
    switch (outcome) {
      case ANSWER -> send(ClientFrames.error(messages.refusal(), ref));
      case CLOSE -> {
        deferredReason = null; // the address is blocked: this socket closes for what it did, not as a bystander
        beginClose(CloseCodes.POLICY_VIOLATION, CloseCodes.TOO_MANY_VIOLATIONS, false);
      }
      case SILENT, DELIVER -> { }
    }
  }

  private MessageOutcome refuse(String code, String policy) {
    return services.pipeline().refuse(messages, code, policy);
  }

  private static String refOf(Envelope envelope) {
    return envelope == null ? null : envelope.id();
  }

  /** Under {@code WS_DRY_RUN=message-rate} (or {@code all}) a binary message over the rate is reported, not refused. */
  private boolean binaryDryRun() {
    if (!services.dryRun().applies(MESSAGE_RATE)) {
      return false;
    }
    Principal who = principal;
    services.events().publish(new MessageRefused(services.clock().instant(), client.key(),
        who == null ? null : who.subject(), id, ClientFrames.RATE_LIMITED, MESSAGE_RATE.value(), true));
    return true;
  }

  /** AUTH-23: past the token's {@code exp} the socket closes and the message is not processed. */
  private boolean tokenExpired() {
    long expiry = expiresAtMillis;
    if (expiry == NEVER || services.clock().millis() < expiry) {
      return false;
    }
    close(CloseCodes.POLICY_VIOLATION, CloseCodes.TOKEN_EXPIRED);
    return true;
  }

  private void closeIfDeferred() {
    String reason = deferredReason;
    if (reason != null) {
      deferredReason = null;
      beginClose(deferredCode, reason, true);
    }
  }

  /**
   * An {@code auth} message that passed the pipeline: its token is checked on a worker thread (the
   * AuthPort may wait on a JWKS fetch). One check at a time; another {@code auth} meanwhile is refused.
   */
  private void authenticate(Envelope envelope) {
    String ref = envelope.id();
    if (authInFlight) {
      answer(refuse(ClientFrames.UNAUTHENTICATED, AUTHENTICATION), ref);
      return;
    }
    authInFlight = true;
    String token = envelope.token();
    boolean needsSlot = principal == null;
    try {
      services.workers().execute(() -> {
        TokenCheck.Outcome outcome = TokenCheck.run(token, needsSlot, services, client, leases, id);
        onIoThread(() -> checked(outcome, ref, needsSlot));
      });
    } catch (RejectedExecutionException e) {
      authInFlight = false;
      answer(refuse(ClientFrames.UNAUTHENTICATED, AUTHENTICATION), ref);
    }
  }

  /**
   * Back on the IO thread: adopts the new principal, refuses the {@code auth} message, or closes the
   * socket {@code 1008 blocked} when the token's subject is blocked.
   */
  private void checked(TokenCheck.Outcome outcome, String ref, boolean needsSlot) {
    authInFlight = false;
    if (closing.get()) {
      return;
    }
    judging = true;
    try {
      AuthResult result = outcome.result();
      Principal current = principal;
      if (outcome.subjectBlocked()) {
        close(CloseCodes.POLICY_VIOLATION, BlockEnforcer.BLOCKED);
      } else if (!(result instanceof AuthResult.Authenticated ok)
          || (current != null && !current.subject().equals(ok.principal().subject()))) {
        // A bad token, or a refresh naming someone else: the socket keeps its principal and expiry.
        answer(refuse(ClientFrames.UNAUTHENTICATED, AUTHENTICATION), ref);
      } else if (needsSlot && !outcome.slotTaken()) {
        close(CloseCodes.POLICY_VIOLATION, CloseCodes.TOO_MANY_CONNECTIONS);
      } else if (adoptUnlessRevokedOrBlocked(ok.principal())) {
        messages.context().authenticated(ok.principal());
        send(ClientFrames.AUTH_OK);
        if (!authenticated) {
          authenticated = true;
          opened();
        }
      }
    } catch (RuntimeException e) {
      failed(e);
    } finally {
      judging = false;
      closeIfDeferred();
    }
  }

  /**
   * Adopts {@code who}, then checks it once more against revocations and subject blocks (local lookups)
   * and closes the socket if one now covers it. Adopting first closes the race with a revocation or block
   * made while the token was being checked: either its enforcer sees the new principal when it scans the
   * open sockets, or this check sees the revocation or block.
   *
   * @return true when the socket keeps {@code who}
   */
  private boolean adoptUnlessRevokedOrBlocked(Principal who) {
    adopt(who);
    String reason = standingLost(who);
    if (reason == null) {
      return true;
    }
    close(CloseCodes.POLICY_VIOLATION, reason);
    return false;
  }

  /** {@code revoked} or {@code blocked} when {@code who} may no longer hold a socket, else null. */
  private String standingLost(Principal who) {
    if (who == null) {
      return null;
    }
    if (services.revocations().isRevoked(who) && !services.dryRun().applies(AUTHENTICATION_ID)) {
      return RevocationEnforcer.REVOKED;
    }
    return TokenCheck.subjectBlocked(services, who) ? BlockEnforcer.BLOCKED : null;
  }

  private void adopt(Principal who) {
    principal = who;
    Instant exp = who == null ? null : who.expiresAt();
    expiresAtMillis = exp == null ? NEVER : exp.toEpochMilli();
  }

  private void opened() {
    opened = true;
    try {
      services.handler().onOpen(this);
    } catch (RuntimeException e) {
      LOG.error("The application's MessageHandler failed to open socket {}", id, e);
    }
  }

  /** On the IO thread. */
  private void ping() {
    if (closing.get()) {
      pingInFlight = false;
      return;
    }
    WebSockets.sendPing(ByteBuffer.allocate(0), channel, pinged);
  }

  /** Starts the close; only the first call counts. {@code flush}: send what is queued first. */
  private void beginClose(int code, String reason, boolean flush) {
    long now = services.nanoTime().getAsLong();
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closingSinceNanos = now;
    closeCode = code;
    closeReason = reason;
    Runnable closeFrame = () -> onIoThread(() -> sendClose(code, reason));
    if (flush) {
      outbound.finish(closeFrame);
    } else {
      outbound.discard();
      closeFrame.run();
    }
  }

  private void sendClose(int code, String reason) {
    WebSockets.sendClose(code, reason, channel, new WebSocketCallback<Void>() {
      @Override
      public void complete(WebSocketChannel ch, Void context) {
        // Undertow closes TCP once the peer's close frame arrives; the sweep covers a silent peer.
      }

      @Override
      public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
        abort();
      }
    });
  }

  /** The socket is gone, whatever closed it: Undertow's close task, on the IO thread. Runs once. */
  private void finish() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    closing.set(true);
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
