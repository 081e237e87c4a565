package dev.portcullis.undertow;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.core.app.MessageHandler;
import dev.portcullis.core.config.AuthConfig;
import dev.portcullis.core.config.ConnectionConfig;
import dev.portcullis.core.config.MessageConfig;
import dev.portcullis.core.engine.DryRun;
import dev.portcullis.core.engine.FailedAuthTracker;
import dev.portcullis.core.engine.MessagePipeline;
import dev.portcullis.core.engine.SecurityEvents;
import dev.portcullis.core.message.EnvelopeReader;
import dev.portcullis.core.model.CidrSet;
import dev.portcullis.core.port.AuthPort;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.RevocationList;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * What every session of one transport shares: the application, the message pipeline, the ports, the
 * limits and the executors. Immutable; every member is thread-safe.
 *
 * @param blocks       subject blocks, checked when a socket authenticates or refreshes its token
 * @param revocations  revoked tokens, checked likewise
 * @param envelopes    reads an envelope the pipeline did not (its envelope policy in dry run)
 * @param json         serialises {@code Session.sendJson} values
 * @param workers      runs token checks off the IO threads (the handshake workers)
 * @param clock        the wall clock of token expiry ({@code exp} is wall time)
 * @param nanoTime     the monotonic ticker of every other timeout (heartbeat, lifetime, authentication,
 *                     close), so that a wall-clock step never closes or keeps a socket by mistake
 * @param allowlist    {@code WS_ALLOWLIST}: exempt from the binary message rate, as from the text one
 * @param timeouts     the socket timeouts, in nanoseconds of {@code nanoTime}
 */
record SessionServices(
    MessageHandler handler,
    MessagePipeline pipeline,
    EnvelopeReader envelopes,
    ObjectMapper json,
    ConnectionRegistry registry,
    AuthPort auth,
    BlockListPort blocks,
    RevocationList revocations,
    FailedAuthTracker failedAuth,
    SecurityEvents events,
    DryRun dryRun,
    Clock clock,
    LongSupplier nanoTime,
    Executor workers,
    MessageConfig messages,
    AuthConfig authConfig,
    ConnectionConfig connections,
    CidrSet allowlist,
    Timeouts timeouts) {

  SessionServices {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(envelopes, "envelopes");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(blocks, "blocks");
    Objects.requireNonNull(revocations, "revocations");
    Objects.requireNonNull(failedAuth, "failedAuth");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(dryRun, "dryRun");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(nanoTime, "nanoTime");
    Objects.requireNonNull(workers, "workers");
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(authConfig, "authConfig");
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(allowlist, "allowlist");
    Objects.requireNonNull(timeouts, "timeouts");
  }
}
