package dev.portcullis.undertow.conformance;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.portcullis.core.app.InboundMessage;
import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.app.Session;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.core.port.Transport;
import dev.portcullis.undertow.TransportTuning;
import dev.portcullis.undertow.UndertowModule;
import dev.portcullis.undertow.UndertowTransport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A real node on 127.0.0.1 (any free port) that echoes every text message (except
 * {@code close:<code>}, on which the application closes the socket), assembled with Guice from
 * the core module and the Undertow module only: no built-in connection or message policy is bound, so
 * these cases see the protocol layer and nothing else (no envelope, rate or replay checks). Messages up
 * to {@link #MAX_MESSAGE_SIZE} bytes; a {@link #CLOSE_TIMEOUT} close timeout. Stopped by {@link #close()}.
 */
final class EchoServer implements AutoCloseable {

  /** {@code WS_MAX_MESSAGE_SIZE} of these cases: small, so limit cases stay fast. */
  static final int MAX_MESSAGE_SIZE = 64 * 1024;
  /** How long the transport waits for the client's answer to its close frame before closing TCP. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

  /** A text {@code close:<code>} makes the application close the socket with {@code code}. */
  static final String CLOSE_COMMAND = "close:";

  private final UndertowTransport transport;
  private final PortcullisConfig config;

  private EchoServer(PortcullisConfig config) {
    this.config = config;
    Injector injector = Guice.createInjector(new PortcullisModule(config),
        new UndertowModule(TransportTuning.defaults().withCloseTimeout(CLOSE_TIMEOUT)), new AbstractModule() {
          @Override
          protected void configure() {
            bind(MessageHandler.class).toInstance(echo());
          }
        });
    this.transport = (UndertowTransport) injector.getInstance(Transport.class);
  }

  static EchoServer start() {
    return start(b -> b);
  }

  /** A server with the conformance defaults changed by {@code settings}. */
  static EchoServer start(UnaryOperator<PortcullisConfig.Builder> settings) {
    PortcullisConfig.Builder defaults = PortcullisConfig.builder()
        .host("127.0.0.1")
        .port(0)
        .requireAuth(false)
        .authTimeout(Duration.ZERO)
        .handshakeTimeout(Duration.ofSeconds(5))
        .maxMessageSize(MAX_MESSAGE_SIZE)
        // No server ping may interleave with a case's frames.
        .heartbeatInterval(Duration.ofHours(1))
        .heartbeatTimeout(Duration.ofHours(2));
    EchoServer server = new EchoServer(settings.apply(defaults).build());
    server.transport.start();
    return server;
  }

  int port() {
    return transport.port();
  }

  String path() {
    return config.server().path();
  }

  /** A new WebSocket to this server. */
  WireClient connect() throws java.io.IOException {
    return WireClient.connect(port(), path());
  }

  /** Sockets the transport holds open right now. */
  int openSockets() {
    return transport.openSockets();
  }

  /** CPU time used so far by Undertow's XNIO I/O threads ("XNIO-1 I/O-1"...), for spin checks. */
  static long xnioCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    int counted = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("XNIO") && info.getThreadName().contains("I/O")) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
        counted++;
      }
    }
    if (counted == 0 || !threads.isThreadCpuTimeEnabled()) {
      throw new IllegalStateException("no XNIO I/O thread found, or thread CPU time is off: a spin check would see nothing");
    }
    return total;
  }

  @Override
  public void close() {
    transport.stop(Duration.ofSeconds(2));
  }

  /**
   * A handler that echoes every text message unchanged (but for {@link #CLOSE_COMMAND}), and every binary
   * message when the transport delivers binary ({@code WS_ALLOW_BINARY}).
   */
  static MessageHandler echo() {
    return new MessageHandler() {
      @Override
      public void onMessage(Session session, InboundMessage message) {
        answer(session, message.text());
      }

      @Override
      public void onBinary(Session session, ByteBuffer data) {
        session.sendBinary(data);
      }

      @Override
      public String toString() {
        return "conformance echo";
      }
    };
  }

  /** Echoes {@code text}, except {@code close:<code>}, which closes the socket with that code instead. */
  private static void answer(Session session, String text) {
    if (text.startsWith(CLOSE_COMMAND)) {
      session.close(Integer.parseInt(text.substring(CLOSE_COMMAND.length())), "bye");
    } else {
      session.send(text);
    }
  }
}
