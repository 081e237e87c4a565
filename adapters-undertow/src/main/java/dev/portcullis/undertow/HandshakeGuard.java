package dev.portcullis.undertow;

import dev.portcullis.core.engine.HandshakeOutcome;
import dev.portcullis.core.engine.HandshakePipeline;
import dev.portcullis.core.model.HandshakeRequest;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges an upgrade request with the connection policies before any upgrade, off the IO thread.
 *
 * <p>The IO thread only reads the request; it then dispatches the exchange (so Undertow neither ends
 * nor times it out) and hands the pipeline to the handshake workers, since policies may wait on I/O.
 * The pipeline's future may complete much later and on any thread (delays are scheduled). The answer
 * is written back on the exchange's own IO thread through {@link Connectors#executeRootHandler}, the
 * same entry Undertow uses for {@code exchange.dispatch(executor, handler)}: a refusal becomes its
 * JSON answer; an admission becomes an upgrade by {@code next}. If the client left while it was being
 * judged, or the upgrade never completes, the connection's leases are released.
 *
 * <p>Immutable and thread-safe.
 */
final class HandshakeGuard implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeGuard.class);

  private final HandshakeRequestReader reader;
  private final HandshakePipeline pipeline;
  private final Executor workers;
  private final BooleanSupplier draining;
  private final HttpHandler upgrade;

  HandshakeGuard(HandshakeRequestReader reader, HandshakePipeline pipeline, Executor workers,
      BooleanSupplier draining, HttpHandler upgrade) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.draining = Objects.requireNonNull(draining, "draining");
    this.upgrade = Objects.requireNonNull(upgrade, "upgrade");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (draining.getAsBoolean()) {
      JsonAnswer.send(exchange, 503, "shutting_down");
      return;
    }
    HandshakeRequest request = reader.read(exchange);
    // Runs once this handler has returned, still on the IO thread; the exchange stays open until resumed.
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> submit(exchange, request));
  }

  private void submit(HttpServerExchange exchange, HandshakeRequest request) {
    try {
      workers.execute(() -> judge(exchange, request));
    } catch (RejectedExecutionException e) {
      LOG.warn("Handshake workers refused a task (shutting down or saturated); answering 503");
      resume(exchange, request, null, e);
    }
  }

  private void judge(HttpServerExchange exchange, HandshakeRequest request) {
    CompletableFuture<HandshakeOutcome> outcome;
    try {
      outcome = pipeline.evaluate(request);
    } catch (RuntimeException e) {
      outcome = CompletableFuture.failedFuture(e);
    }
    outcome.whenComplete((judged, failure) -> resume(exchange, request, judged, failure));
  }

  private void resume(HttpServerExchange exchange, HandshakeRequest request, HandshakeOutcome outcome,
      Throwable failure) {
    try {
      exchange.getIoThread().execute(
          () -> Connectors.executeRootHandler(ex -> answer(ex, request, outcome, failure), exchange));
    } catch (RuntimeException e) {
      // The IO thread is gone (the server stopped); nobody can be answered, but slots must not leak.
      if (outcome instanceof HandshakeOutcome.Admitted admitted) {
        new LeaseSet(admitted.context().leases()).releaseAll();
      }
    }
  }

  /** On the exchange's IO thread. Never throws: Undertow would log the exchange, headers included. */
  private void answer(HttpServerExchange exchange, HandshakeRequest request, HandshakeOutcome outcome,
      Throwable failure) {
    LeaseSet leases = null;
    try {
      if (failure != null || outcome == null) {
        LOG.error("Judging a handshake failed; refusing it with 503", failure);
        JsonAnswer.send(exchange, 503, "unavailable");
      } else if (outcome instanceof HandshakeOutcome.Refused refused) {
        RefusalAnswer.send(exchange, refused.refusal(), request.token() != null);
      } else {
        HandshakeOutcome.Admitted admitted = (HandshakeOutcome.Admitted) outcome;
        leases = new LeaseSet(admitted.context().leases());
        upgrade(exchange, admitted, leases);
      }
    } catch (Throwable t) {
      if (leases != null) {
        leases.releaseAll();
      }
      LOG.error("Answering a handshake failed", t);
      if (!exchange.isResponseStarted()) {
        JsonAnswer.send(exchange, 500, "internal_error");
      }
    }
  }

  private void upgrade(HttpServerExchange exchange, HandshakeOutcome.Admitted admitted, LeaseSet leases)
      throws Exception {
    if (!exchange.getConnection().isOpen()) {
      leases.releaseAll(); // the client left while it was being judged
      return;
    }
    if (draining.getAsBoolean()) {
      leases.releaseAll();
      JsonAnswer.send(exchange, 503, "shutting_down");
      return;
    }
    // Should the 101 never reach the client, the session is never made: the dying connection frees the slots.
    exchange.getConnection().addCloseListener(connection -> leases.releaseUnlessClaimed());
    exchange.putAttachment(Admission.KEY, new Admission(admitted.context(), leases));
    UpgradeHygiene.apply(exchange);
    upgrade.handleRequest(exchange);
  }
}
