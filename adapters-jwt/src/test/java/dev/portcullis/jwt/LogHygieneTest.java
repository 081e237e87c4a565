package dev.portcullis.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portcullis.core.model.BearerToken;
import dev.portcullis.core.testing.MutableClock;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Refusals are logged by code only: no token, no token part, no jjwt message reaches a log line. */
class LogHygieneTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger("dev.portcullis.jwt");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Level previous;

  @BeforeEach
  void capture() {
    previous = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false); // keep the captured lines off the console
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
    logger.setLevel(previous);
    logger.setAdditive(true);
  }

  @Test
  void logsRefusalsByCodeWithoutAnyPartOfTheToken() {
    MutableClock clock = MutableClock.aligned();
    Instant now = clock.instant();
    JjwtAuthenticator auth = new JjwtAuthenticator(Configs.hmac(b -> b.jwtIssuer("https://login.example.com")), clock);
    List<String> tokens = new ArrayList<>(List.of(
        Tokens.hs256(now, b -> b.subject("secret-subject-1").issuer("https://evil.example.com")),
        Tokens.hs256(now, b -> b.subject("secret-subject-2").expiration(Date.from(now.minusSeconds(5)))),
        Tokens.hs256(now, b -> b.subject("secret-subject-3").compressWith(Jwts.ZIP.GZIP)),
        Tokens.hmacWith("wrong-key-wrong-key-wrong-key-wrong".getBytes(StandardCharsets.UTF_8),
            "{\"alg\":\"HS256\",\"kid\":\"secret-kid\"}", Tokens.claimsJson(now)),
        Tokens.b64("{\"alg\":\"none\"}") + "." + Tokens.b64(Tokens.claimsJson(now)) + ".",
        Tokens.withHeader(Tokens.hs256(now), "{\"alg\":\"HS256\",\"kid\":\"secret\\r\\nkid\"}")));

    for (String token : tokens) {
      auth.authenticate(new BearerToken(token, BearerToken.Carrier.HEADER));
    }

    assertThat(lines.list).hasSizeGreaterThanOrEqualTo(tokens.size());
    for (ILoggingEvent line : lines.list) {
      String text = line.getFormattedMessage();
      assertThat(line.getThrowableProxy()).isNull();
      assertThat(text).doesNotContain("secret").doesNotContain("eyJ").matches("token refused: [a-z_]+");
      for (String token : tokens) {
        for (String part : token.split("\\.")) {
          if (part.length() > 8) {
            assertThat(text).doesNotContain(part);
          }
        }
      }
    }
  }
}
