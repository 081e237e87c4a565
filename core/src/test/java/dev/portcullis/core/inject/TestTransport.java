package dev.portcullis.core.inject;

import dev.portcullis.core.port.Transport;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** A transport that only records being started and stopped. Thread-safe. */
final class TestTransport implements Transport {

  static final int PORT = 18_350;

  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicReference<Duration> stoppedWithGrace = new AtomicReference<>();

  @Override
  public void start() {
    started.set(true);
  }

  @Override
  public int port() {
    return PORT;
  }

  @Override
  public void stop(Duration grace) {
    stoppedWithGrace.set(grace);
  }

  boolean started() {
    return started.get();
  }

  /** The grace {@link #stop} was given, or null while not stopped. */
  Duration stoppedWithGrace() {
    return stoppedWithGrace.get();
  }
}
