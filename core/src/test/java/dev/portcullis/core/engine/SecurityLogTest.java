package dev.portcullis.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.core.config.LogFormat;
import dev.portcullis.core.event.AddressBlocked;
import dev.portcullis.core.event.AddressUnblocked;
import dev.portcullis.core.event.AuthenticationFailed;
import dev.portcullis.core.event.HandshakeRefused;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SecurityLogTest {

  private static final Instant TIME = Instant.parse("2030-01-01T12:30:45.250Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SecurityLog text = new SecurityLog(LogFormat.TEXT);
  private final SecurityLog json = new SecurityLog(LogFormat.JSON);

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
}
