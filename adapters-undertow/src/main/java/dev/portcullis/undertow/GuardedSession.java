package dev.portcullis.undertow;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portcullis.core.app.InboundMessage;
import dev.portcullis.core.app.Session;
import dev.portcullis.core.engine.MessageOutcome;
import dev.portcullis.core.engine.MessageSession;
import dev.portcullis.core.message.Envelope;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.policy.MessageContext;
import dev.portcullis.core.port.OpenConnection;
import io.undertow.websockets.core.WebSocketChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upgraded socket, from the upgrade to the close: what the application sees as a {@link Session}
 * and the registry as an {@link OpenConnection}.
 *
 * <p><b>Messages.</b> Every whole text message is judged by the {@link dev.portcullis.core.engine.MessagePipeline}
 * on the socket's IO thread; an admitted one is delivered to the application, except the framework's
 * own: {@code auth} (handled by {@link SessionAuthentication}, never delivered) and {@code heartbeat} (a
 * sign of life, not answered). A refused one is answered with the error frame, or silently once the
 * connection's error frames are spent, or closes {@code 1008 too_many_violations}. Binary messages are
 * refused {@code binary_not_allowed} unless {@code WS_ALLOW_BINARY}, then rate-limited
 * ({@link BinaryMessages}).
 *
 * <p><b>Authentication.</b> Who is behind the socket, whether they still may be, and until when, is
 * {@link SessionAuthentication}'s: a deferred authentication, token refresh, revocations and subject
 * blocks, and the token's {@code exp}, past which no message is processed.
 *
 * <p><b>Time.</b> This class schedules nothing: one sweep over all sockets ({@link SessionSweep}) calls
 * {@link #tick} to close a socket past its authentication, lifetime, token or heartbeat deadline, to
 * ping it ({@link Heartbeat}), and to drop its TCP connection when a close handshake takes too long.
 *
 * <p><b>Close.</b> Outbound messages go through a bounded queue; a close ({@link SessionCloser}) sends
 * what is queued, then the close frame ({@code queue_full} drops the queue instead). The slots the
 * handshake leased are released exactly once, whatever closed the socket, then it is unregistered.
 *
 * <p>Thread-safe: {@link #send}, {@link #close} and the getters may be called from any thread; the
 * message methods run on the socket's IO thread, {@link #tick} on the sweep's.
 */
final class GuardedSession implements Session, OpenConnection {

  private static final Logger LOG = LoggerFactory.getLogger(GuardedSession.class);
  private static final SecureRandom IDS = new SecureRandom();

  private final String id = newId();
  private final WebSocketChannel channel;
  private final ClientAddress client;
  private final Instant openedAt;
  private final long openedNanos;
  private final LeaseSet leases;
  private final SessionServices services;
  private final LiveSessions live;
  private final OutboundQueue outbound;
  private final SessionCloser closer;
  private final SessionAuthentication auth;
  private final BinaryMessages binary;
  private final Heartbeat heartbeat;
  private final AtomicLong messagesOut = new AtomicLong();

  /** The application was told of the open, so it is owed an {@code onClose}. */
  private volatile boolean opened;
  /** Written only by the IO thread; read by anyone. */
  private volatile long messagesIn;
  /** Only the IO thread, from start() on. */
  private MessageSession messages;

  GuardedSession(WebSocketChannel channel, Admission admission, SessionServices services, LiveSessions live) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.client = admission.context().request().client();
    this.leases = admission.leases();
    this.services = services;
    this.live = live;
    this.openedAt = services.clock().instant();
    this.openedNanos = services.nanoTime().getAsLong();
    this.outbound = new OutboundQueue(channel, services.messages().maxQueueSize(), this::queueFull);
    this.closer = new SessionCloser(channel, outbound, services.nanoTime());
    this.heartbeat = new Heartbeat(channel, closer, services.nanoTime(), openedNanos);
    this.auth = new SessionAuthentication(this, closer, services, leases, admission.context());
    this.binary = new BinaryMessages(this, closer, auth, services);
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
    // either seen here or finds this socket in the registry.
    String lost = auth.standingLost();
    try {
      messages = services.pipeline().open(id, client, auth.principal());
    } catch (RuntimeException e) {
      LOG.error("Opening the message policies of socket {} failed; closing it", id, e);
      abort();
      return;
    }
    channel.getReceiveSetter().set(new SessionReceiveListener(this, binary, services.messages().maxMessageSize(),
        services.messages().allowBinary()));
    channel.resumeReceives();
    if (!channel.isOpen()) {
      finish(); // closed before the close task was in place
    } else if (lost != null) {
      close(CloseCodes.POLICY_VIOLATION, lost);
    } else if (draining) {
      close(CloseCodes.GOING_AWAY, CloseCodes.SHUTDOWN);
    } else if (auth.authenticated()) {
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
    return Optional.ofNullable(auth.principal());
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
    if (!closer.closing()) {
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
    if (!closer.closing()) {
      messagesOut.incrementAndGet();
      outbound.offer(copy);
    }
  }

  @Override
  public boolean isOpen() {
    return !closer.closing() && channel.isOpen();
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
    closer.request(code, fit(reason == null ? "" : reason));
  }

  // ---- from the receive listener and the collaborators, on the IO thread ----

  WebSocketChannel channel() {
    return channel;
  }

  /** A sign of life: a message, a ping or a pong. */
  void heard() {
    heartbeat.heard();
  }

  /** A message arrived (text or binary): counted, and a sign of life. */
  void arrived() {
    messagesIn++;
    heard();
  }

  /** A whole text message of {@code bytes} bytes arrived. Nothing is judged once the socket is closing. */
  void received(String text, int bytes) {
    if (closer.closing()) {
      return;
    }
    arrived();
    if (auth.tokenExpired()) {
      return;
    }
    closer.startJudging();
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
      closer.endJudging();
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
    closer.peerClosed(code, reason);
  }

  /** Closes TCP now, without waiting for any close handshake. */
  void abort() {
    closer.abort();
  }

  /** Refuses a message with {@code code} under {@code policy}, and sends, or not, what the refusal calls for. */
  void refuse(String code, String policy, String ref) {
    answer(services.pipeline().refuse(messages, code, policy), ref);
  }

  /** Refuses a message {@code unauthenticated}: it came before a token was accepted, or its token was not. */
  void refuseUnauthenticated(String ref) {
    refuse(ClientFrames.UNAUTHENTICATED, SessionAuthentication.POLICY, ref);
  }

  /** A token was accepted: the message policies see its principal from now on, and the client learns it. */
  void accepted(Principal who) {
    messages.context().authenticated(who);
    send(ClientFrames.AUTH_OK);
  }

  /** Tells the application of the open, once the socket is authenticated. */
  void opened() {
    opened = true;
    try {
      services.handler().onOpen(this);
    } catch (RuntimeException e) {
      LOG.error("The application's MessageHandler failed to open socket {}", id, e);
    }
  }

  /**
   * Something under the message path threw (a port behind the scorer, say): the message is dropped,
   * never delivered half-judged, and the socket goes on.
   */
  void failed(RuntimeException e) {
    LOG.error("Handling a message of socket {} failed; it was dropped", id, e);
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
    if (closer.closing()) {
      closer.abortIfOverdue(now, timeouts.close());
    } else if (!auth.authenticated() && now - openedNanos >= timeouts.auth()) {
      close(CloseCodes.POLICY_VIOLATION, CloseCodes.AUTH_TIMEOUT);
    } else if (now - openedNanos >= timeouts.lifetime()) {
      close(CloseCodes.POLICY_VIOLATION, CloseCodes.CONNECTION_TIMEOUT);
    } else if (auth.expiredAt(nowMillis)) {
      close(CloseCodes.POLICY_VIOLATION, CloseCodes.TOKEN_EXPIRED);
    } else if (heartbeat.silent(now, timeouts.silence())) {
      close(CloseCodes.POLICY_VIOLATION, CloseCodes.HEARTBEAT_TIMEOUT);
    } else {
      heartbeat.pingIfDue(now, timeouts.pingEvery());
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
      auth.authenticate(envelope);
    } else if (!auth.authenticated()) {
      refuseUnauthenticated(refOf(envelope));
    } else if (envelope == null || !Envelope.HEARTBEAT.equals(envelope.type())) {
      deliver(new InboundMessage(text, envelope, context.payload(), auth.principal()));
    }
  }

  private void deliver(InboundMessage message) {
    try {
      services.handler().onMessage(this, message);
    } catch (RuntimeException e) {
      LOG.error("The application's MessageHandler failed on a message of socket {}", id, e);
    }
  }

  /** Sends, or not, what a refusal calls for. */
  private void answer(MessageOutcome outcome, String ref) {
    switch (outcome) {
      case ANSWER -> send(ClientFrames.error(messages.refusal(), ref));
      case CLOSE -> closer.closeNow(CloseCodes.POLICY_VIOLATION, CloseCodes.TOO_MANY_VIOLATIONS);
      case SILENT, DELIVER -> { }
    }
  }

  private static String refOf(Envelope envelope) {
    return envelope == null ? null : envelope.id();
  }

  /** The client reads too slowly: what is queued is dropped and the socket closes {@code 1013 queue_full}. */
  private void queueFull() {
    closer.begin(CloseCodes.TRY_AGAIN_LATER, CloseCodes.QUEUE_FULL, false);
  }

  /** The socket is gone, whatever closed it: Undertow's close task, on the IO thread. Runs once. */
  private void finish() {
    if (!closer.finish()) {
      return;
    }
    try {
      services.registry().unregister(this);
    } catch (RuntimeException e) {
      LOG.error("Unregistering socket {} failed", id, e);
    }
    leases.releaseAll();
    live.remove(this); // last: a drain waiting on it then finds every slot given back
    if (opened) {
      try {
        services.handler().onClose(this, closer.code(), closer.reason());
      } catch (RuntimeException e) {
        LOG.error("The application's MessageHandler failed to close socket {}", id, e);
      }
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
