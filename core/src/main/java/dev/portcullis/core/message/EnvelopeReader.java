package dev.portcullis.core.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Parses a text message into an {@link Envelope} in one streaming pass, under limits that make hostile
 * JSON cheap to refuse: nesting depth, number length, string length, and strict duplicate-key
 * detection (two {@code type} keys are an ambiguity between parsers, not a choice). Thread-safe.
 *
 * <p>The message path runs this for every message, so it is written for speed without giving up a check:
 * a text that cannot be a JSON object (it does not start with <code>{</code> or end with
 * <code>}</code>) is refused before any parser exists, and one whose last brace closes a nested object
 * (a message cut short after its payload) as soon as the parser reaches it, so the commonest garbage and
 * truncations cost no exception; duplicate keys are caught by a bit per envelope field and, inside the
 * payload, by the tree's own map, instead of Jackson's per-object name sets; and the payload tree is
 * built straight from the parser, with none of the data-binding machinery a {@code readTree} sets up per
 * call. Malformed JSON past those checks is still refused by the parser, through its exception.
 */
public final class EnvelopeReader {

  /** Deep enough for any real payload; 100,000 {@code [} are refused long before the stack is at risk. */
  public static final int MAX_DEPTH = 64;
  /** Digits in one number: a 1,000,000-digit number or {@code 1e1000000} is refused, not computed. */
  public static final int MAX_NUMBER_LENGTH = 64;
  public static final int MAX_ID_LENGTH = 128;
  /** A timestamp above this is in milliseconds (1e11 seconds is the year 5138). */
  static final double MILLIS_THRESHOLD = 1e11;

  private static final int ID = 1;
  private static final int TYPE = 2;
  private static final int TIMESTAMP = 4;
  private static final int PAYLOAD = 8;
  private static final int TOKEN = 16;
  private static final long OFFSET_BIAS = offsetBias();

  private final JsonFactory envelopes;
  private final ObjectMapper mapper;
  private final JsonNodeFactory nodes;

  /** @param maxStringLength longest string value, in characters (bounded by the message size anyway) */
  public EnvelopeReader(int maxStringLength) {
    StreamReadConstraints limits = StreamReadConstraints.builder()
        .maxNestingDepth(MAX_DEPTH)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxStringLength(Math.max(1, maxStringLength))
        .build();
    // Duplicates are found by read() itself; the mapper, for binding, keeps Jackson's own detection.
    this.envelopes = JsonFactory.builder().streamReadConstraints(limits).build();
    this.mapper = JsonMapper.builder(JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(limits)
        .build()).build();
    this.nodes = mapper.getNodeFactory();
  }

  /** The mapper these limits apply to, for binding payloads to classes. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** The envelope in {@code text}, or the reason it is refused. */
  public Result read(String text) {
    int end = closingBrace(text);
    if (end < 0) {
      return Result.INVALID_FORMAT;
    }
    try (JsonParser parser = envelopes.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Result.INVALID_FORMAT;
      }
      String id = null;
      String type = null;
      double timestamp = Double.NaN;
      JsonNode payload = null;
      String token = null;
      int seen = 0;
      Set<String> others = null;
      for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
        JsonToken value = parser.nextToken();
        int bit = switch (field) {
          case "id" -> ID;
          case "type" -> TYPE;
          case "timestamp" -> TIMESTAMP;
          case "payload" -> PAYLOAD;
          case "token" -> TOKEN;
          default -> 0;
        };
        if ((seen & bit) != 0) {
          return Result.INVALID_FORMAT; // a duplicate key
        }
        seen |= bit;
        switch (bit) {
          case ID -> {
            if (value != JsonToken.VALUE_STRING) {
              return Result.INVALID_FORMAT;
            }
            id = parser.getText();
          }
          case TYPE -> {
            if (value != JsonToken.VALUE_STRING) {
              return Result.INVALID_FORMAT;
            }
            type = parser.getText();
          }
          case TIMESTAMP -> {
            if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
              return Result.INVALID_FORMAT;
            }
            timestamp = parser.getDoubleValue();
          }
          case PAYLOAD -> {
            payload = tree(parser, value, end);
            if (payload == null) {
              return Result.INVALID_FORMAT;
            }
          }
          case TOKEN -> {
            if (value != JsonToken.VALUE_STRING) {
              return Result.INVALID_FORMAT;
            }
            token = parser.getText();
          }
          default -> {
            if (others == null) {
              others = new HashSet<>();
            }
            if (!others.add(field) || tree(parser, value, end) == null) {
              return Result.INVALID_FORMAT; // a duplicate key, here or inside the value
            }
          }
        }
      }
      if (parser.nextToken() != null) {
        return Result.INVALID_FORMAT; // trailing content after the object
      }
      boolean hasTimestamp = (seen & TIMESTAMP) != 0;
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
      return Result.INVALID_FORMAT; // malformed JSON, or a limit passed
    }
  }

  /**
   * Where the object's closing brace must be: the last character that is not JSON whitespace, provided
   * the first is an opening brace; -1 when the text cannot be one object.
   */
  private static int closingBrace(String text) {
    int first = 0;
    int last = text.length() - 1;
    while (first <= last && whitespace(text.charAt(first))) {
      first++;
    }
    while (last > first && whitespace(text.charAt(last))) {
      last--;
    }
    return last > first && text.charAt(first) == '{' && text.charAt(last) == '}' ? last : -1;
  }

  /**
   * Whether the object just closed ends at character {@code end}, read without allocating: the parser's raw
   * token offset, corrected by {@link #OFFSET_BIAS}, instead of a new {@code JsonLocation} per object.
   */
  private static boolean closesAt(JsonParser parser, int end) {
    return parser instanceof ParserBase base ? base.getTokenCharacterOffset() - OFFSET_BIAS == end
        : parser.currentTokenLocation().getCharOffset() == end;
  }

  /** How far the raw token offset of a closing brace lies from its documented location (1 in Jackson 2.21). */
  private static long offsetBias() {
    try (JsonParser probe = new JsonFactory().createParser("{\"a\":{}}")) {
      probe.nextToken();
      probe.nextFieldName();
      probe.nextToken();
      probe.nextFieldName(); // the inner object's closing brace, reached as tree() reaches it
      return probe instanceof ParserBase base
          ? base.getTokenCharacterOffset() - probe.currentTokenLocation().getCharOffset() : 0;
    } catch (IOException e) {
      throw new IllegalStateException("EnvelopeReader: Jackson cannot parse a constant", e);
    }
  }

  /** JSON's four whitespace characters (RFC 8259 §2). */
  private static boolean whitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /**
   * The value starting at {@code token} as a tree, as {@code readTree} would build it, or {@code null}
   * when an object in it repeats a key, or closes on the envelope's last brace ({@code end}): then the
   * envelope itself is never closed, a truncated message, refused here rather than by the parser's
   * exception at the end of the text. Recursion is bounded by the parser's nesting limit.
   */
  private JsonNode tree(JsonParser parser, JsonToken token, int end) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = nodes.objectNode();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
          JsonNode value = tree(parser, parser.nextToken(), end);
          if (value == null || object.replace(name, value) != null) {
            return null;
          }
        }
        return closesAt(parser, end) ? null : object;
      }
      case START_ARRAY -> {
        ArrayNode array = nodes.arrayNode();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          JsonNode value = tree(parser, next, end);
          if (value == null) {
            return null;
          }
          array.add(value);
        }
        return array;
      }
      case VALUE_STRING -> {
        return nodes.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> nodes.numberNode(parser.getIntValue());
          case LONG -> nodes.numberNode(parser.getLongValue());
          default -> nodes.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return nodes.numberNode(parser.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return nodes.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return nodes.booleanNode(false);
      }
      case VALUE_NULL -> {
        return nodes.nullNode();
      }
      default -> throw new JsonParseException(parser, "unexpected token " + token);
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
