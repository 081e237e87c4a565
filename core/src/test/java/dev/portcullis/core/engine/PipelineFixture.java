package dev.portcullis.core.engine;

import dev.portcullis.core.config.BlockingConfig;
import dev.portcullis.core.memory.InMemoryConnectionRegistry;
import dev.portcullis.core.memory.InMemoryRateLimiter;
import dev.portcullis.core.memory.SequentialReservations;
import dev.portcullis.core.model.HandshakeRequest;
import dev.portcullis.core.policy.ConnectionPolicy;
import dev.portcullis.core.testing.Addresses;
import dev.portcullis.core.testing.MutableClock;
import dev.portcullis.core.testing.RecordingSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * A real timer, policies run on the thread that hands them over, in-memory state whose commits are counted,
 * and a sink that records every event.
 */
abstract class PipelineFixture {

  static final long TIMEOUT_SECONDS = 5;

  final MutableClock clock = MutableClock.aligned();
  final RecordingSink sink = new RecordingSink();
  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  final InMemoryRateLimiter counters = new InMemoryRateLimiter(clock);
  final InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry();
  final CountingReservations reservations = new CountingReservations(new SequentialReservations(counters, registry));

  @AfterEach
  void stopTimer() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  HandshakePipeline pipeline(BlockingConfig blocking, ConnectionPolicy... policies) {
    return new HandshakePipeline(List.of(policies), blocking, reservations, new SecurityEvents(List.of(sink)), clock,
        timer, Runnable::run);
  }

  HandshakePipeline pipeline(ConnectionPolicy... policies) {
    return pipeline(Blocking.defaults(), policies);
  }

  HandshakeRequest from(String address) {
    return Addresses.handshakeFrom(address, clock.instant());
  }

  static HandshakeOutcome await(CompletableFuture<HandshakeOutcome> outcome) throws Exception {
    return outcome.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
