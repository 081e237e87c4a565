package dev.portcullis.undertow.conformance;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a case when the server logged an error with an exception while it ran: whatever a client sends,
 * a protocol violation is answered on the wire, never by an exception escaping into Undertow or XNIO
 * (PROTO-12, COMP-04). Registered with {@code @ExtendWith}; thread-safe.
 */
final class ServerLog extends AppenderBase<ILoggingEvent> implements BeforeEachCallback, AfterEachCallback {

  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  ServerLog() {
    setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    setName("conformance-server-log");
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getLevel().isGreaterOrEqual(Level.ERROR) && event.getThrowableProxy() != null) {
      errors.add(event.getLoggerName() + ": " + event.getFormattedMessage() + " | "
          + event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage());
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    errors.clear();
    start();
    root.addAppender(this);
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    Thread.sleep(20); // let the IO thread finish logging what the last frame caused
    root.detachAppender(this);
    stop();
    if (!errors.isEmpty() && context.getExecutionException().isEmpty()) {
      throw new AssertionError("the server logged errors with exceptions: " + errors);
    }
  }
}
