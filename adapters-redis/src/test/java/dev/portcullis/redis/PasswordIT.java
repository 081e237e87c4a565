package dev.portcullis.redis;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portcullis.core.config.RedisFailureMode;
import dev.portcullis.core.port.RateRule;
import dev.portcullis.testkit.RedisServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A password-protected server: the URL's password authenticates the connection, and no log line of a
 * connection, an outage or a recovery ever shows it.
 */
class PasswordIT {

  static final String PASSWORD = "correct-horse-battery-staple-7f3a";

  @RegisterExtension
  static final RedisExtension redis = new RedisExtension(RedisServer.builder().password(PASSWORD));

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void captureEveryLogLine() {
    log.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);
  }

  @AfterEach
  void stopCapturing() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
  }

  private RedisState node(String url) {
    RedisState state = RedisState.start(RedisEndpoint.parse(url),
        RedisExtension.FAST.toBuilder().keyPrefix(redis.prefix()).timeLimit(Duration.ofMillis(300)).build(),
        RedisFailureMode.LOCAL, Clock.systemUTC());
    return state;
  }

  @Test
  void theUrlsPasswordOpensTheServerAndNeverReachesALogLine() {
    redis.expectFailures();
    String url = "redis://:" + PASSWORD + "@127.0.0.1:" + redis.server().port();
    RateRule rule = new RateRule("attempts", 2, Duration.ofSeconds(60));
    try (RedisState a = node(url); RedisState b = node(url)) {
      new LettuceRateLimiter(a).tryConsume(rule, "203.0.113.5", 2);
      assertThat(new LettuceRateLimiter(b).tryConsume(rule, "203.0.113.5", 1).allowed()).as("shared through Redis")
          .isFalse();
      assertThat(a.guard().failures()).isZero();

      redis.server().kill();
      new LettuceRateLimiter(a).tryConsume(rule, "k", 1);
      redis.server().restart();
      Eventually.within(Duration.ofSeconds(8), () -> {
        new LettuceRateLimiter(a).tryConsume(rule, "probe", 1);
        assertThat(a.shared()).isTrue();
      });
    }

    assertThat(log.list).isNotEmpty();
    assertThat(log.list).allSatisfy(e -> {
      assertThat(e.getFormattedMessage()).doesNotContain(PASSWORD);
      if (e.getThrowableProxy() != null) {
        assertThat(e.getThrowableProxy().getMessage()).doesNotContain(PASSWORD);
      }
    });
  }

  @Test
  void aWrongPasswordLeavesTheNodeOnItsFailureModeAndSaysSoWithoutThePassword() {
    redis.expectFailures();
    try (RedisState wrong = node("redis://:not-the-password@127.0.0.1:" + redis.server().port())) {
      RateRule rule = new RateRule("attempts", 1, Duration.ofSeconds(60));
      LettuceRateLimiter limiter = new LettuceRateLimiter(wrong);

      assertThat(limiter.tryConsume(rule, "k", 1).allowed()).isTrue();
      assertThat(limiter.tryConsume(rule, "k", 1).allowed()).as("counted on the node").isFalse();
      assertThat(wrong.connected()).isFalse();
    }
    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.contains("Cannot connect to Redis at redis://***@127.0.0.1"))
        .noneMatch(m -> m.contains("not-the-password"));
  }
}
