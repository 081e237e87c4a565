package dev.portcullis.core.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Parses a text message into an {@link Envelope} in one streaming pass, under limits that make hostile
 * JSON cheap to refuse: nesting depth, number length, string length, and strict duplicate-key
 * detection (two {@code type} keys are an ambiguity between parsers, not a choice). Thread-safe.
 */
public final class EnvelopeReader {

  /** Deep enough for any real payload; 100,000 {@code [} are refused long before the stack is at risk. */
  public static final int MAX_DEPTH = 64;
  /** Digits in one number: a 1,000,000-digit number or {@code 1e1000000} is refused, not computed. */
  public static final int MAX_NUMBER_LENGTH = 64;
  public static final int MAX_ID_LENGTH = 128;
  /** A timestamp above this is in milliseconds (1e11 seconds is the year 5138). */
  static final double MILLIS_THRESHOLD = 1e11;

  private final ObjectMapper mapper;

  /** @param maxStringLength longest string value, in characters (bounded by the message size anyway) */
  public EnvelopeReader(int maxStringLength) {
    JsonFactory factory = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxStringLength(Math.max(1, maxStringLength))
            .build())
        .build();
    this.mapper = JsonMapper.builder(factory).build();
  }

  /** The mapper these limits apply to, for binding payloads to classes. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** The envelope in {@code text}, or the reason it is refused. */
  public Result read(String text) {
    try (JsonParser parser = mapper.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Result.INVALID_FORMAT;
      }
      String id = null;
      String type = null;
      double timestamp = Double.NaN;
      JsonNode payload = null;
      String token = null;
      boolean hasTimestamp = false;
      for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
        JsonToken value = parser.nextToken();
        switch (field) {
          case "id" -> {
            if (value != JsonToken.VALUE_STRING) {
              return Result.INVALID_FORMAT;
            }
            id = parser.getText();
          }
          case "type" -> {
            if (value != JsonToken.VALUE_STRING) {
              return Result.INVALID_FORMAT;
            }
            type = parser.getText();
          }
          case "timestamp" -> {
            if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
              return Result.INVALID_FORMAT;
            }
            timestamp = parser.getDoubleValue();
            hasTimestamp = true;
          }
          case "payload" -> payload = mapper.readTree(parser);
          case "token" -> {
            if (value != JsonToken.VALUE_STRING) {
              return Result.INVALID_FORMAT;
            }
            token = parser.getText();
          }
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        return Result.INVALID_FORMAT; // trailing content after the object
      }
      boolean auth = Envelope.AUTH.equals(type);
      if (type == null || (!auth && (id == null || !hasTimestamp)) || (auth && token == null)) {
        return Result.MISSING_FIELD;
      }
      if ((id != null && (id.isEmpty() || id.length() > MAX_ID_LENGTH)) || type.isEmpty()
          || (hasTimestamp && !Double.isFinite(timestamp))) {
        return Result.INVALID_FORMAT;
      }
      long millis = !hasTimestamp ? Envelope.NO_TIMESTAMP
          : (long) (timestamp > MILLIS_THRESHOLD ? timestamp : timestamp * 1000.0);
      return new Result(new Envelope(id, type, millis, payload, auth ? token : null), null);
    } catch (IOException | RuntimeException e) {
      return Result.INVALID_FORMAT; // malformed JSON, duplicate keys, or a limit passed
    }
  }

  /** Either an envelope or a refusal code ({@code invalid_format}, {@code missing_field}). */
  public record Result(Envelope envelope, String refusal) {
    static final Result INVALID_FORMAT = new Result(null, "invalid_format");
    static final Result MISSING_FIELD = new Result(null, "missing_field");

    public boolean ok() {
      return envelope != null;
    }
  }
}
