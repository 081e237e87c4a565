package dev.portcullis.testkit.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Records every event of some Logback loggers (and their children) at the given level while open: each
 * line as it would be written, message and throwable text included. Name a non-additive logger
 * explicitly, as its events never reach the root. Thread-safe to read.
 */
final class LogCapture implements AutoCloseable {

  private final Map<Logger, Level> previousLevels = new LinkedHashMap<>();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(Level level, String... loggerNames) {
    appender.setName("capture");
    appender.start();
    for (String name : loggerNames) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      previousLevels.put(logger, logger.getLevel());
      logger.addAppender(appender);
      logger.setLevel(level);
    }
  }

  /** Captures {@code loggerName} and below, lowering its level to {@code level} meanwhile. */
  static LogCapture of(String loggerName, Level level) {
    return new LogCapture(level, loggerName);
  }

  /** Captures every logger, lowering all of them to {@code level} meanwhile. */
  static LogCapture everything(Level level) {
    return new LogCapture(level, Logger.ROOT_LOGGER_NAME, "portcullis.security");
  }

  /** Every captured line: logger, level, formatted message, and any throwable's text and frames. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    synchronized (appender.list) {
      for (ILoggingEvent event : new ArrayList<>(appender.list)) {
        StringBuilder line = new StringBuilder()
            .append(event.getLoggerName()).append(' ').append(event.getLevel()).append(' ')
            .append(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
          line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
          for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
            line.append(' ').append(frame.getSTEAsString());
          }
        }
        lines.add(line.toString());
      }
    }
    return lines;
  }

  @Override
  public void close() {
    previousLevels.forEach((logger, level) -> {
      logger.detachAppender(appender);
      logger.setLevel(level);
    });
    appender.stop();
  }
}
