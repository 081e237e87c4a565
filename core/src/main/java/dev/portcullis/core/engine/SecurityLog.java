package dev.portcullis.core.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.core.config.LogFormat;
import dev.portcullis.core.event.SecurityEvent;
import dev.portcullis.core.port.ViolationSink;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every security event as one line on the logger {@code portcullis.security}: {@code key=value}
 * pairs, or one JSON object under {@code WS_LOG_FORMAT=json}. Field names are stable ({@code event},
 * {@code time}, {@code address}, {@code reason}, ...). Values are escaped so that a client cannot forge
 * a line. Thread-safe.
 */
public final class SecurityLog implements ViolationSink {

  public static final String LOGGER_NAME = "portcullis.security";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final LogFormat format;

  public SecurityLog(LogFormat format) {
    this.format = format;
  }

  @Override
  public void accept(SecurityEvent event) {
    if (LOG.isWarnEnabled()) {
      LOG.warn(render(event));
    }
  }

  /** The log line for {@code event}, without the logger's own prefix. */
  public String render(SecurityEvent event) {
    ObjectNode line = JSON.createObjectNode();
    line.put("event", event.kind());
    line.put("time", event.time().toString());
    ObjectNode fields = JSON.valueToTree(event);
    fields.remove("time");
    fields.remove("kind");
    line.setAll(fields);
    if (format == LogFormat.JSON) {
      return line.toString();
    }
    StringBuilder text = new StringBuilder();
    for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = line.fields(); it.hasNext(); ) {
      Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        continue;
      }
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(field.getKey()).append('=').append(quoted(field.getValue().asText()));
    }
    return text.toString();
  }

  private static String quoted(String value) {
    boolean plain = !value.isEmpty();
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = c > ' ' && c < 0x7f && c != '"' && c != '=' && c != '\\';
    }
    return plain ? value : JSON.getNodeFactory().textNode(value).toString();
  }
}
