package dev.portcullis.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.spi.Message;
import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.config.ConfigViolation;
import dev.portcullis.core.config.ConfigurationException;
import dev.portcullis.core.config.PortcullisConfig;
import dev.portcullis.core.config.StateKind;
import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.port.RateLimitPort;
import dev.portcullis.core.port.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-line way to run a guarded server without knowing Guice:
 *
 * <pre>{@code
 * Portcullis node = Portcullis.fromEnvironment().handler(myHandler).start();
 * }</pre>
 *
 * It assembles the core module, every {@link PortcullisPlugin} on the class path (the built-in
 * policies, authentication and transport arrive that way) and any extra modules, then starts the
 * transport. Thread-safe once started.
 */
public final class Portcullis implements AutoCloseable {

  /** How long {@link #close()} lets open sockets go before it stops waiting. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(Portcullis.class);

  private final Injector injector;
  private final Transport transport;
  private final List<AutoCloseable> closeOnStop;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private Portcullis(Injector injector) {
    this.injector = injector;
    this.transport = injector.getInstance(Transport.class);
    this.closeOnStop = new ArrayList<>(injector.getInstance(Key.get(new TypeLiteral<Set<AutoCloseable>>() {},
        OnStop.class)));
    Collections.reverse(closeOnStop);
  }

  /**
   * A builder configured from the process environment.
   *
   * @throws ConfigurationException listing every bad variable
   */
  public static Builder fromEnvironment() {
    return new Builder(PortcullisConfig.fromEnvironment(System.getenv()));
  }

  /** A builder for an explicit configuration. */
  public static Builder with(PortcullisConfig config) {
    return new Builder(config);
  }

  /** The port the endpoint listens on. */
  public int port() {
    return transport.port();
  }

  /** The port the admin, health and metrics routes listen on: {@link #port()} unless {@code WS_ADMIN_PORT} is set. */
  public int routesPort() {
    return transport.routesPort();
  }

  /** The assembled object graph, for whoever needs a port or the pipeline (tests, admin). */
  public Injector injector() {
    return injector;
  }

  /**
   * Stops accepting, closes open sockets ({@code 1001 shutdown}), waits up to {@code grace}, then closes what the
   * modules registered with {@link OnStop} (shared state, the audit file). Only the first call does anything.
   */
  public void stop(Duration grace) {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    transport.stop(grace);
    for (AutoCloseable resource : closeOnStop) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.error("Closing {} while stopping failed", resource.getClass().getName(), e);
      }
    }
  }

  @Override
  public void close() {
    stop(DEFAULT_GRACE);
  }

  /** Collects the handler and extra modules. Not thread-safe. */
  public static final class Builder {
    private final PortcullisConfig config;
    private final List<Module> extra = new ArrayList<>();
    private final Map<String, Class<?>> payloads = new LinkedHashMap<>();
    private MessageHandler handler;

    private Builder(PortcullisConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    public Builder handler(MessageHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Registers the class the payload of {@code type} binds to (a record with Jakarta Validation
     * constraints): such payloads are validated, refused {@code payload_invalid} when they break a
     * constraint, and reach the handler as that class.
     */
    public Builder payload(String type, Class<?> payloadClass) {
      payloads.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(payloadClass, "payloadClass"));
      return this;
    }

    /** Adds a module of your own (a policy, a sink, a port binding). */
    public Builder module(Module module) {
      extra.add(Objects.requireNonNull(module, "module"));
      return this;
    }

    /** Assembles the node without starting it. */
    public Portcullis build() {
      if (handler == null) {
        throw new IllegalStateException("Portcullis needs a handler: call handler(...) before build() or start()");
      }
      List<Module> modules = new ArrayList<>();
      modules.add(new PortcullisModule(config));
      for (PortcullisPlugin plugin : ServiceLoader.load(PortcullisPlugin.class)) {
        modules.add(plugin.module(config));
      }
      modules.addAll(extra);
      MessageHandler app = handler;
      Map<String, Class<?>> schemas = Map.copyOf(payloads);
      modules.add(new AbstractModule() {
        @Override
        protected void configure() {
          bind(MessageHandler.class).toInstance(app);
          schemas.forEach((type, cls) -> PortcullisModule.payloadSchemas(binder()).addBinding(type).toInstance(cls));
        }
      });
      try {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, modules);
        requireSharedStateWhenAsked(injector);
        return new Portcullis(injector);
      } catch (CreationException e) {
        throw unwrap(e.getErrorMessages(), e);
      } catch (ProvisionException e) {
        throw unwrap(e.getErrorMessages(), e);
      }
    }

    /** Assembles and starts the node. */
    public Portcullis start() {
      Portcullis node = build();
      node.transport.start();
      return node;
    }

    /**
     * {@code WS_STATE=redis} without a module that puts the state on Redis would leave every node counting on
     * its own, silently multiplying each limit by the number of nodes: refuse to start instead.
     */
    private void requireSharedStateWhenAsked(Injector injector) {
      if (config.state().kind() == StateKind.REDIS
          && injector.getInstance(RateLimitPort.class) instanceof InMemoryRateLimiter) {
        throw new ConfigurationException(List.of(new ConfigViolation("WS_STATE", "redis",
            "needs the portcullis-adapters-redis module on the class path; without it each node would keep "
                + "limits of its own")));
      }
    }

    /** A configuration problem found while assembling stays a clean {@link ConfigurationException}. */
    private static RuntimeException unwrap(Iterable<Message> messages, RuntimeException original) {
      for (Message message : messages) {
        for (Throwable t = message.getCause(); t != null; t = t.getCause()) {
          if (t instanceof ConfigurationException c) {
            return c;
          }
        }
      }
      return original;
    }
  }
}
