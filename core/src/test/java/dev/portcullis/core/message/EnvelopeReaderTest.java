package dev.portcullis.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeReaderTest {

  private final EnvelopeReader reader = new EnvelopeReader(1_048_576);

  @Test
  void readsTheFourFieldsOfTheContract() {
    EnvelopeReader.Result result =
        reader.read("{\"id\":\"c1-42\",\"type\":\"track\",\"timestamp\":1764280000.125,\"payload\":{\"a\":[1,2]}}");

    assertThat(result.ok()).isTrue();
    Envelope envelope = result.envelope();
    assertThat(envelope.id()).isEqualTo("c1-42");
    assertThat(envelope.type()).isEqualTo("track");
    assertThat(envelope.timestampMillis()).isEqualTo(1_764_280_000_125L);
    assertThat(envelope.payload().get("a").get(1).asInt()).isEqualTo(2);
    assertThat(envelope.token()).isNull();
  }

  @Test
  void takesATimestampAbove1e11AsMilliseconds() {
    Envelope envelope = reader.read("{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1764280000125}").envelope();

    assertThat(envelope.timestampMillis()).isEqualTo(1_764_280_000_125L);
  }

  @Test
  void aPayloadIsOptional() {
    assertThat(reader.read("{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1}").envelope().payload()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"t\",\"timestamp\":1}", "{\"id\":\"a\",\"timestamp\":1}", "{\"id\":\"a\",\"type\":\"t\"}",
      "{\"type\":\"auth\"}"})
  void refusesAMissingRequiredFieldAsMissingField(String text) {
    assertThat(reader.read(text).refusal()).isEqualTo("missing_field");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json", "[1,2]", "42", "\"text\"", "null", "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1} trailing",
      "{\"id\":{},\"type\":\"t\",\"timestamp\":1}", "{\"id\":\"a\",\"type\":7,\"timestamp\":1}",
      "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":\"1\"}", "{\"id\":\"\",\"type\":\"t\",\"timestamp\":1}",
      "{\"id\":\"a\",\"type\":\"\",\"timestamp\":1}", "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1e400}",
      "{\"id\":\"a\",\"type\":\"chat\",\"type\":\"admin\",\"timestamp\":1}", "{\"id\":\"a\",\"type\":\"t\","})
  void refusesMalformedOrAmbiguousMessagesAsInvalidFormat(String text) {
    assertThat(reader.read(text).refusal()).isEqualTo("invalid_format");
  }

  @Test
  void refusesAnIdLongerThan128Characters() {
    assertThat(reader.read("{\"id\":\"" + "x".repeat(128) + "\",\"type\":\"t\",\"timestamp\":1}").ok()).isTrue();
    assertThat(reader.read("{\"id\":\"" + "x".repeat(129) + "\",\"type\":\"t\",\"timestamp\":1}").refusal())
        .isEqualTo("invalid_format");
  }

  @Test
  void refuses100kDeepNestingCheaplyAndWithoutAStackOverflow() {
    String deep = "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"payload\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

    assertThat(reader.read(deep).refusal()).isEqualTo("invalid_format");
  }

  @Test
  void refusesAMillionDigitNumberAndAHugeExponent() {
    String digits = "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"payload\":" + "9".repeat(1_000_000) + "}";

    assertThat(reader.read(digits).refusal()).isEqualTo("invalid_format");
    assertThat(reader.read("{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1e1000000}").refusal())
        .isEqualTo("invalid_format");
  }

  @Test
  void refusesAStringLongerThanTheMessageBound() {
    EnvelopeReader small = new EnvelopeReader(1000);

    assertThat(small.read("{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"payload\":\"" + "x".repeat(2000) + "\"}")
        .refusal()).isEqualTo("invalid_format");
  }

  @Test
  void anAuthMessageNeedsOnlyItsTokenAndNeverShowsIt() {
    Envelope auth = reader.read("{\"type\":\"auth\",\"token\":\"secret.jwt.value\"}").envelope();

    assertThat(auth.isAuth()).isTrue();
    assertThat(auth.token()).isEqualTo("secret.jwt.value");
    assertThat(auth.hasTimestamp()).isFalse();
    assertThat(auth.id()).isNull();
    assertThat(auth.toString()).doesNotContain("secret.jwt.value");
  }

  @Test
  void aTokenFieldOnAnotherTypeIsNotKept() {
    assertThat(reader.read("{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"token\":\"x\"}").envelope().token()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"id\":\"a\",\"id\":\"b\",\"type\":\"t\",\"timestamp\":1}",
      "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"timestamp\":2}",
      "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"payload\":{},\"payload\":{}}",
      "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"payload\":{\"room\":\"a\",\"room\":\"b\"}}",
      "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"payload\":[{\"x\":{\"k\":1,\"k\":2}}]}",
      "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"extra\":1,\"extra\":2}",
      "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"extra\":{\"k\":1,\"k\":2}}"})
  void refusesADuplicateKeyAtAnyDepth(String text) {
    assertThat(reader.read(text).refusal()).isEqualTo("invalid_format");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1", "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1}}",
      "", "   ", "{", "}", "x{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1}",
      "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1}x",
      "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"payload\":{\"room\":\"r1\"}",
      "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"payload\":[{\"room\":\"r1\"}  ",
      "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"extra\":{\"payload\":{}}",
      "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"payload\":\"}"})
  void refusesTextThatCannotBeOneObject(String text) {
    assertThat(reader.read(text).refusal()).isEqualTo("invalid_format");
  }

  @Test
  void acceptsJsonWhitespaceAroundTheObject() {
    assertThat(reader.read(" \t\r\n{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1}\n ").ok()).isTrue();
  }

  @Test
  void acceptsAPayloadObjectThatEndsJustBeforeTheEnvelope() {
    Envelope envelope = reader.read("{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"payload\":{\"x\":{}}}").envelope();

    assertThat(envelope.payload().get("x").isObject()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"room\":\"r1\",\"text\":\"hello world\"}", "null", "5", "-12345678901", "123456789012345678901234",
      "1.5e3", "\"text\"", "true", "false", "[]", "{}", "[1,{\"a\":null,\"b\":[true,2.5,\"\\u00e9\"]}]"})
  void buildsThePayloadTreeReadTreeWould(String payload) throws Exception {
    String text = "{\"id\":\"a\",\"type\":\"t\",\"timestamp\":1,\"payload\":" + payload + "}";

    JsonNode expected = new ObjectMapper().readTree(text).get("payload");
    JsonNode actual = reader.read(text).envelope().payload();

    assertThat(actual).isEqualTo(expected);
    assertThat(actual.getClass()).isEqualTo(expected.getClass());
  }
}
