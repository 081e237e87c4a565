package dev.portcullis.undertow;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Every log event of every logger at every level, rendered with arguments and exception text, while
 * it is attached. Thread-safe.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ch.qos.logback.classic.Level previous;

  private LogCapture() {
    setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    previous = root.getLevel();
  }

  /** Starts capturing; the root level goes down to TRACE so that nothing escapes (debug lines included). */
  static LogCapture everything() {
    LogCapture capture = new LogCapture();
    capture.start();
    capture.root.addAppender(capture);
    capture.root.setLevel(ch.qos.logback.classic.Level.TRACE);
    return capture;
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
    lines.add(line.toString());
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    root.detachAppender(this);
    root.setLevel(previous);
    stop();
  }
}
