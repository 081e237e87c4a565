package dev.portcullis.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Redis call of a node goes through here: a Resilience4j circuit breaker and a Resilience4j time
 * limit, so a slow or dead Redis never holds a caller longer than {@link RedisOptions#timeLimit()}.
 *
 * <p>A call that times out or finds the connection gone opens the breaker at once (a stalled server
 * stalls every call, so waiting for a failure rate to build up would make many callers each pay the
 * time limit); other failures and slow calls open it by rate. An open breaker rejects calls without
 * waiting; after {@link RedisOptions#breakerWait()} a few probes go through, and their success closes it
 * again: the node returns to shared state by itself. Failures come out as
 * {@link RedisUnavailableException}; interrupts are restored. Thread-safe.
 */
public final class RedisGuard {

  private static final Logger LOG = LoggerFactory.getLogger(RedisGuard.class);

  private final CircuitBreaker breaker;
  private final TimeLimiter limiter;
  private final ScheduledExecutorService scheduler;
  private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder failures = new LongAdder();
  private final LongAdder rejections = new LongAdder();

  /**
   * @param where     the endpoint, as it may be logged
   * @param degraded  what the node does while the breaker is open, for the log line
   * @param scheduler times out asynchronous calls
   */
  RedisGuard(RedisOptions options, String where, String degraded, ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
    this.breaker = CircuitBreaker.of("redis", CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(RedisOptions.BREAKER_WINDOW)
        .minimumNumberOfCalls(RedisOptions.BREAKER_WINDOW / 2)
        .failureRateThreshold(options.failureRateThreshold())
        .slowCallDurationThreshold(options.slowCall())
        .slowCallRateThreshold(RedisOptions.SLOW_CALL_RATE)
        .waitDurationInOpenState(options.breakerWait())
        .permittedNumberOfCallsInHalfOpenState(options.breakerProbes())
        .automaticTransitionFromOpenToHalfOpenEnabled(false) // the next call probes; no extra thread
        .build());
    this.limiter = TimeLimiter.of("redis", TimeLimiterConfig.custom()
        .timeoutDuration(options.timeLimit())
        .cancelRunningFuture(true)
        .build());
    breaker.getEventPublisher().onStateTransition(event -> {
      CircuitBreaker.State to = event.getStateTransition().getToState();
      CircuitBreaker.State from = event.getStateTransition().getFromState();
      if (to == CircuitBreaker.State.OPEN && from == CircuitBreaker.State.CLOSED) {
        LOG.warn("Redis at {} is unreachable or too slow; {} until it answers again", where, degraded);
        listeners.forEach(l -> notify(l, false));
      } else if (to == CircuitBreaker.State.CLOSED && from != CircuitBreaker.State.CLOSED) {
        LOG.info("Redis at {} answers again; back to shared state", where);
        listeners.forEach(l -> notify(l, true));
      }
    });
  }

  /**
   * Runs {@code call} and waits for its answer, at most the time limit.
   *
   * @param operation what the call does, for messages ({@code "rate decision"})
   * @throws RedisUnavailableException when the breaker is open, the call failed or timed out
   */
  <T> T call(String operation, Supplier<? extends CompletionStage<T>> call) {
    if (!breaker.tryAcquirePermission()) {
      rejections.increment();
      throw RedisUnavailableException.breakerOpen(operation);
    }
    long start = System.nanoTime();
    try {
      T value = limiter.executeFutureSupplier(() -> call.get().toCompletableFuture());
      breaker.onResult(System.nanoTime() - start, TimeUnit.NANOSECONDS, value);
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      breaker.releasePermission();
      throw new RedisUnavailableException("interrupted while waiting for Redis " + operation, e);
    } catch (Exception e) {
      throw failed(operation, start, e);
    }
  }

  /**
   * Runs {@code call} without waiting; the returned stage fails with {@link RedisUnavailableException}
   * when the breaker is open, the call failed, or it took longer than the time limit.
   */
  <T> CompletableFuture<T> callAsync(String operation, Supplier<? extends CompletionStage<T>> call) {
    if (!breaker.tryAcquirePermission()) {
      rejections.increment();
      return CompletableFuture.failedFuture(RedisUnavailableException.breakerOpen(operation));
    }
    long start = System.nanoTime();
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletionStage<T> limited;
    try {
      limited = limiter.executeCompletionStage(scheduler, () -> call.get());
    } catch (RuntimeException e) {
      result.completeExceptionally(failed(operation, start, e));
      return result;
    }
    limited.whenComplete((value, error) -> {
      if (error == null) {
        breaker.onResult(System.nanoTime() - start, TimeUnit.NANOSECONDS, value);
        result.complete(value);
      } else {
        result.completeExceptionally(failed(operation, start, error));
      }
    });
    return result;
  }

  /** Whether calls are being refused without an attempt (the breaker is open). */
  public boolean degraded() {
    CircuitBreaker.State state = breaker.getState();
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
  }

  /** The breaker's state, for health checks and tests. */
  public CircuitBreaker.State state() {
    return breaker.getState();
  }

  /** Calls that were attempted and failed or timed out, since start. */
  public long failures() {
    return failures.sum();
  }

  /** Calls the open breaker refused without an attempt, since start. */
  public long rejections() {
    return rejections.sum();
  }

  /** Calls {@code listener} with {@code true} when shared state comes back and {@code false} when it goes. */
  void onChange(Consumer<Boolean> listener) {
    listeners.add(listener);
  }

  private RedisUnavailableException failed(String operation, long start, Throwable error) {
    Throwable cause = unwrap(error);
    failures.increment();
    breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, cause);
    if (unreachable(cause)) {
      openNow();
    }
    return new RedisUnavailableException("Redis " + operation + " failed: " + describe(cause), cause);
  }

  private void openNow() {
    CircuitBreaker.State state = breaker.getState();
    if (state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.HALF_OPEN) {
      try {
        breaker.transitionToOpenState();
      } catch (RuntimeException e) {
        LOG.debug("The breaker changed state meanwhile", e); // another caller opened it first
      }
    }
  }

  /** A timeout or a lost connection: the server is stalled or gone, not merely unhappy with one call. */
  static boolean unreachable(Throwable t) {
    if (t instanceof TimeoutException || t instanceof RedisConnectionException
        || t instanceof RedisCommandTimeoutException || t instanceof IOException) {
      return true;
    }
    if (t instanceof RedisUnavailableException) {
      return true;
    }
    if (t instanceof RedisException && t.getMessage() != null) {
      String m = t.getMessage().toLowerCase(Locale.ROOT);
      return m.contains("not connected") || m.contains("connection closed") || m.contains("connection reset");
    }
    return false;
  }

  private static String describe(Throwable t) {
    if (t instanceof TimeoutException) {
      return "no answer within the time limit";
    }
    String message = t.getMessage();
    // Lettuce's messages name commands and hosts, never keys' values or passwords; keep them short.
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + abbreviate(message));
  }

  private static String abbreviate(String s) {
    return s.length() <= 160 ? s : s.substring(0, 160) + "...";
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static void notify(Consumer<Boolean> listener, boolean available) {
    try {
      listener.accept(available);
    } catch (RuntimeException e) {
      LOG.error("A Redis availability listener failed", e);
    }
  }
}
