package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.core.config.LogFormat;
import dev.portcullis.core.event.AddressBlocked;
import dev.portcullis.core.event.AddressUnblocked;
import dev.portcullis.core.event.AdminChange;
import dev.portcullis.core.event.AuthenticationFailed;
import dev.portcullis.core.event.HandshakeRefused;
import dev.portcullis.core.event.MessageRefused;
import dev.portcullis.core.event.SecurityEvent;
import dev.portcullis.core.event.SuspiciousActivity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class SecurityLogTest {

  private static final Instant TIME = Instant.parse("2030-01-01T12:30:45.250Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SecurityLog text = new SecurityLog(LogFormat.TEXT);
  private final SecurityLog json = new SecurityLog(LogFormat.JSON);

  @Test
  void aFloodOfRefusalsIsLoggedWithinTheBudgetAndWhatWasDroppedIsReportedWhileBlocksAreAlwaysWritten() {
    AtomicLong nanos = new AtomicLong();
    SecurityLog budgeted = new SecurityLog(LogFormat.JSON, new LogBudget(2, nanos::get));
    Logger logger = (Logger) LoggerFactory.getLogger(SecurityLog.LOGGER_NAME);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      MessageRefused refused = new MessageRefused(TIME, "203.0.113.5", "alice", "c1", "invalid_format", "envelope",
          false);
      for (int i = 0; i < 5; i++) {
        budgeted.accept(refused);
      }
      budgeted.accept(new AddressBlocked(TIME, "203.0.113.5", "too_many_violations", TIME.plusSeconds(60), 1));
      nanos.addAndGet(1_000_000_000L);
      budgeted.accept(refused);

      assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
          .extracting(line -> line.replaceAll("\"time\":\"[^\"]+\",", ""))
          .extracting(line -> line.substring(0, line.indexOf(',')))
          .containsExactly("{\"event\":\"message_refused\"", "{\"event\":\"message_refused\"",
              "{\"event\":\"address_blocked\"", "{\"event\":\"log_suppressed\"", "{\"event\":\"message_refused\"");
      assertThat(lines.list.get(3).getFormattedMessage()).contains("\"reason\":\"over_budget\"",
          "\"suppressed\":3", "\"budgetPerSecond\":2");
    } finally {
      logger.detachAppender(lines);
    }
  }

  @Test
  void theTextFormIsKeyValuePairsWithStableNamesAndNoNulls() {
    HandshakeRefused event = new HandshakeRefused(TIME, "203.0.113.5", "rate_limited", "connection-rate", null, false);

    assertThat(text.render(event)).isEqualTo("event=connection_refused time=2030-01-01T12:30:45.250Z "
        + "address=203.0.113.5 reason=rate_limited policy=connection-rate dryRun=false");
  }

  @Test
  void theJsonFormIsOneParseableObjectWithTheSameNames() throws Exception {
    AddressBlocked event = new AddressBlocked(TIME, "2001:db8:1:2:0:0:0:0/64", "failed_auth",
        TIME.plusSeconds(300), 2);

    String line = json.render(event);
    JsonNode node = JSON.readTree(line);

    assertThat(line).doesNotContain("\n", "\r");
    assertThat(node.get("event").asText()).isEqualTo("address_blocked");
    assertThat(node.get("time").asText()).isEqualTo("2030-01-01T12:30:45.250Z");
    assertThat(node.get("address").asText()).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(node.get("reason").asText()).isEqualTo("failed_auth");
    assertThat(node.get("until").asText()).isEqualTo("2030-01-01T12:35:45.250Z");
    assertThat(node.get("offence").asLong()).isEqualTo(2);
    assertThat(node.has("kind")).isFalse();
  }

  @Test
  void theEventNameOfADryRunRefusalSaysItOnlyWouldHaveBeenRefused() throws Exception {
    HandshakeRefused event = new HandshakeRefused(TIME, "203.0.113.5", "blocked", "block-list", "user-1", true);

    assertThat(JSON.readTree(json.render(event)).get("event").asText()).isEqualTo("connection_would_be_refused");
    assertThat(text.render(event)).startsWith("event=connection_would_be_refused ").contains("subject=user-1");
  }

  @Test
  void aValueWithLineBreaksCannotForgeASecondTextLine() {
    String forged = "operator\r\nevent=address_unblocked address=198.51.100.1";
    AddressUnblocked event = new AddressUnblocked(TIME, "203.0.113.5", forged);

    String line = text.render(event);

    assertThat(line).doesNotContain("\n", "\r");
    assertThat(line).endsWith("reason=\"operator\\r\\nevent=address_unblocked address=198.51.100.1\"");
    assertThat(line.split(" event=")).as("only one event field at top level").hasSize(1);
  }

  @Test
  void quotesSpacesAndEqualsSignsInAValueAreQuotedAndEscaped() {
    AddressUnblocked event = new AddressUnblocked(TIME, "203.0.113.5", "said \"hi\" a=b");

    assertThat(text.render(event)).endsWith("reason=\"said \\\"hi\\\" a=b\"");
  }

  @Test
  void controlAndNonAsciiCharactersAreQuotedAndControlsEscaped() {
    AddressUnblocked event = new AddressUnblocked(TIME, "203.0.113.5", "tab\there\u0000ünï");

    assertThat(text.render(event)).endsWith("reason=\"tab\\there\\u0000ünï\"");
  }

  @Test
  void anEmptyValueIsShownAsEmptyQuotes() {
    assertThat(text.render(new AddressUnblocked(TIME, "203.0.113.5", ""))).endsWith("reason=\"\"");
  }

  @Test
  void theJsonFormEscapesLineBreaksAndQuotesAndKeepsTheValueIntact() throws Exception {
    String hostile = "x\"}\n{\"event\":\"forged\"";
    AuthenticationFailed event = new AuthenticationFailed(TIME, "203.0.113.5", hostile, "header");

    String line = json.render(event);
    JsonNode node = JSON.readTree(line);

    assertThat(line).doesNotContain("\n", "\r");
    assertThat(node.get("event").asText()).isEqualTo("authentication_failed");
    assertThat(node.get("reason").asText()).isEqualTo(hostile);
    assertThat(node.get("carrier").asText()).isEqualTo("header");
  }

  /** A real-looking signed JWT; none of its parts may reach a line. */
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLW9mLXRoaXMtdG9rZW4";

  static Stream<Arguments> everyKind() {
    return Stream.of(
        Arguments.of(new HandshakeRefused(TIME, "203.0.113.5", "rate_limited", "connection-rate", "user-1", false),
            "connection_refused", "user-1", null, "rate_limited", List.of("policy", "dryRun")),
        Arguments.of(new AuthenticationFailed(TIME, "203.0.113.5", "expired", "query"),
            "authentication_failed", null, null, "expired", List.of("carrier")),
        Arguments.of(new AddressBlocked(TIME, "203.0.113.5", "failed_auth", TIME.plusSeconds(300), 1),
            "address_blocked", null, null, "failed_auth", List.of("until", "offence")),
        Arguments.of(new AddressUnblocked(TIME, "203.0.113.5", "expired"),
            "address_unblocked", null, null, "expired", List.of()),
        Arguments.of(new MessageRefused(TIME, "203.0.113.5", "user-1", "c-7", "duplicate_id", "replay", false),
            "message_refused", "user-1", "c-7", "duplicate_id", List.of("policy", "dryRun")),
        Arguments.of(new SuspiciousActivity(TIME, "203.0.113.5", "user-1", 51, "type_not_allowed"),
            "suspicious_activity", "user-1", null, "type_not_allowed", List.of("score")),
        Arguments.of(new AdminChange(TIME, "127.0.0.1", "ops-alice", "block", "198.51.100.0/24", "scanner"),
            "admin_change", null, null, "scanner", List.of("actor", "action", "target")));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("everyKind")
  void everyKindStartsWithTheSixStableFieldsInOrderThenItsOwn(SecurityEvent event, String kind, String subject,
      String connection, String reason, List<String> own) throws Exception {
    JsonNode node = JSON.readTree(json.render(event));

    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    List<String> expected = new ArrayList<>(SecurityLog.COMMON_FIELDS);
    expected.addAll(own);
    assertThat(names).containsExactlyElementsOf(expected);
    assertThat(node.get("event").asText()).isEqualTo(kind);
    assertThat(node.get("time").asText()).isEqualTo("2030-01-01T12:30:45.250Z");
    assertThat(node.get("address").asText()).isEqualTo(event.address());
    assertThat(node.get("subject").isNull() ? null : node.get("subject").asText()).isEqualTo(subject);
    assertThat(node.get("connection").isNull() ? null : node.get("connection").asText()).isEqualTo(connection);
    assertThat(node.get("reason").asText()).isEqualTo(reason);
  }

  @Test
  void anAdminChangeNamesWhoDidWhatToWhat() throws Exception {
    AdminChange event = new AdminChange(TIME, "127.0.0.1", "ops-alice", "revoke", "jti-42", null);

    JsonNode node = JSON.readTree(json.render(event));

    assertThat(node.get("actor").asText()).isEqualTo("ops-alice");
    assertThat(node.get("action").asText()).isEqualTo("revoke");
    assertThat(node.get("target").asText()).isEqualTo("jti-42");
    assertThat(text.render(event)).isEqualTo("event=admin_change time=2030-01-01T12:30:45.250Z address=127.0.0.1 "
        + "actor=ops-alice action=revoke target=jti-42");
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("everyKind")
  void aTokenPastedIntoAnyTextFieldIsRedactedInBothForms(SecurityEvent event, String kind) {
    SecurityEvent carrying = withTokenInItsText(event);

    for (String line : List.of(json.render(carrying), text.render(carrying))) {
      assertThat(line).contains(SecurityLog.REDACTED)
          .doesNotContain("eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiJhbGljZSJ9", "c2lnbmF0dXJlLW9mLXRoaXMtdG9rZW4");
    }
  }

  private static SecurityEvent withTokenInItsText(SecurityEvent event) {
    if (event instanceof HandshakeRefused e) {
      return new HandshakeRefused(TIME, e.address(), TOKEN, e.policy(), TOKEN, false);
    }
    if (event instanceof AuthenticationFailed e) {
      return new AuthenticationFailed(TIME, e.address(), "bad " + TOKEN, e.carrier());
    }
    if (event instanceof AddressBlocked e) {
      return new AddressBlocked(TIME, e.address(), TOKEN, e.until(), e.offence());
    }
    if (event instanceof AddressUnblocked e) {
      return new AddressUnblocked(TIME, e.address(), "lifted, token was " + TOKEN);
    }
    if (event instanceof MessageRefused e) {
      return new MessageRefused(TIME, e.address(), TOKEN, TOKEN, e.reason(), e.policy(), false);
    }
    if (event instanceof SuspiciousActivity e) {
      return new SuspiciousActivity(TIME, e.address(), TOKEN, e.score(), e.reason());
    }
    AdminChange e = (AdminChange) event;
    return new AdminChange(TIME, e.address(), e.actor(), "revoke", TOKEN, "leaked: " + TOKEN);
  }

  @Test
  void textWithoutATokenIsLeftAlone() {
    assertThat(SecurityLog.redactTokens("eyJ alone is no token, nor is a.b.c")).isEqualTo("eyJ alone is no token, nor is a.b.c");
    assertThat(SecurityLog.redactTokens(null)).isNull();
  }
}
