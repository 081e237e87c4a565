package dev.portcullis.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Reads request bodies strictly (unknown fields, duplicate keys, trailing content, floats for integers and
 * strings for numbers are all refused) into records, then validates them with Jakarta Validation. Every
 * failure becomes a {@link BadRequest} naming the fields, never the parser's message. Also writes answers.
 * Thread-safe.
 */
public final class JsonBodies {

  private static final Validator VALIDATOR;

  static {
    // The parameter interpolator needs no expression-language implementation on the class path.
    try (ValidatorFactory factory = Validation.byDefaultProvider().configure()
        .messageInterpolator(new ParameterMessageInterpolator())
        .buildValidatorFactory()) {
      VALIDATOR = factory.getValidator();
    }
  }

  private final ObjectMapper mapper = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  /** {@code raw} as a validated {@code type}. */
  <T> T read(byte[] raw, Class<T> type) {
    T value;
    try {
      value = mapper.readValue(raw, type);
    } catch (UnrecognizedPropertyException e) {
      throw BadRequest.of(e.getPropertyName());
    } catch (JsonMappingException e) {
      throw new BadRequest(fieldsOf(e));
    } catch (IOException e) {
      throw BadRequest.of("body");
    }
    if (value == null) {
      throw BadRequest.of("body");
    }
    Set<ConstraintViolation<T>> violations = VALIDATOR.validate(value);
    if (!violations.isEmpty()) {
      Set<String> fields = new TreeSet<>();
      violations.forEach(v -> fields.add(leaf(v.getPropertyPath())));
      throw new BadRequest(List.copyOf(fields));
    }
    return value;
  }

  /** {@code value} as JSON bytes. */
  byte[] write(Object value) throws JsonProcessingException {
    return mapper.writeValueAsBytes(value);
  }

  /** The mapper, for tests and routes that render events. */
  public ObjectMapper mapper() {
    return mapper;
  }

  private static List<String> fieldsOf(JsonMappingException e) {
    List<JsonMappingException.Reference> path = e.getPath();
    if (path.isEmpty() || path.get(0).getFieldName() == null) {
      return List.of("body");
    }
    return List.of(path.get(0).getFieldName());
  }

  private static String leaf(Path path) {
    String name = "body";
    for (Path.Node node : path) {
      if (node.getName() != null) {
        name = node.getName();
      }
    }
    return name;
  }
}
