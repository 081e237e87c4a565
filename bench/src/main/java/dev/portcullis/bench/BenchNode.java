package dev.portcullis.bench;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.engine.MessagePipeline;
import dev.portcullis.core.engine.MessageSession;
import dev.portcullis.core.inject.PortcullisModule;
import dev.portcullis.core.message.EnvelopeReader;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.AuthFailure;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.AuthResult;
import dev.portcullis.policies.PoliciesModule;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;

/**
 * A node assembled the way a team's is ({@link PortcullisModule} with {@link PoliciesModule}, in-memory
 * state), without a transport: the benchmarks judge messages with its {@link MessagePipeline}.
 * Thread-safe, as the pipeline is; each benchmark thread opens its own connections.
 */
final class BenchNode {

  /** The message type whose payload the schema benchmarks register. */
  static final String TRACK = "track";
  /** High enough that no benchmark thread can spend it: the limit is not what is measured. */
  static final int GENEROUS_RATE = 1_000_000_000;

  private static final ClientAddress CLIENT = client();

  private final MessagePipeline pipeline;
  private final EnvelopeReader envelopes;

  private BenchNode(Injector injector) {
    this.pipeline = injector.getInstance(MessagePipeline.class);
    this.envelopes = injector.getInstance(EnvelopeReader.class);
  }

  /**
   * The settings every benchmark starts from: the contract's defaults, a message rate no thread can
   * spend, and a suspicion threshold no run reaches. Refusals are still scored, as on a real node, but
   * never add up to a block that would close the benchmark's connection.
   */
  static PortcullisConfig.Builder settings() {
    return PortcullisConfig.builder()
        .jwtSecret("portcullis-benchmark-secret-32by")
        .maxMessagesPerSecond(GENEROUS_RATE)
        .messageBurst(GENEROUS_RATE)
        .suspiciousThreshold(Integer.MAX_VALUE);
  }

  /** A node with {@code config}, binding the payload of each type in {@code payloads} to its class. */
  static BenchNode start(PortcullisConfig config, Map<String, Class<?>> payloads) {
    return new BenchNode(Guice.createInjector(new PortcullisModule(config), new PoliciesModule(),
        new AbstractModule() {
          @Override
          protected void configure() {
            bind(AuthPort.class).toInstance(new HandshakesNotMeasured());
            payloads.forEach((type, cls) -> PortcullisModule.payloadSchemas(binder()).addBinding(type).toInstance(cls));
          }
        }));
  }

  MessagePipeline pipeline() {
    return pipeline;
  }

  /** The node's envelope reader: the same limits and mapper as its envelope policy. */
  EnvelopeReader envelopes() {
    return envelopes;
  }

  /** Opens connection number {@code n} from one client address, authenticated as its own subject. */
  MessageSession connect(long n) {
    return pipeline.open("bench-" + n, CLIENT, Principal.untokened("user-" + n));
  }

  private static ClientAddress client() {
    try {
      return ClientAddress.of(InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 5}), 64);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  /** The connection policies need an {@link AuthPort}; no handshake is benchmarked, so it refuses all. */
  private static final class HandshakesNotMeasured implements AuthPort {
    @Override
    public AuthResult authenticate(BearerToken token) {
      return new AuthResult.Rejected(AuthFailure.MALFORMED);
    }

    @Override
    public Optional<Principal> withoutToken() {
      return Optional.empty();
    }
  }
}
