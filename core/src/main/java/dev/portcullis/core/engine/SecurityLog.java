package dev.portcullis.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.core.config.LogFormat;
import dev.portcullis.core.event.AuthenticationFailed;
import dev.portcullis.core.event.HandshakeRefused;
import dev.portcullis.core.event.MessageRefused;
import dev.portcullis.core.event.SecurityEvent;
import dev.portcullis.core.port.ViolationSink;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every security event as one line on the logger {@code portcullis.security}: {@code key=value}
 * pairs, or one JSON object under {@code WS_LOG_FORMAT=json}. Thread-safe.
 *
 * <p>Every line carries the same six fields first, in this order, whatever the event:
 * {@link #COMMON_FIELDS} ({@code event}, {@code time}, {@code address}, {@code subject},
 * {@code connection}, {@code reason}), so that a log pipeline can index them once; a field that does not
 * apply is {@code null} in JSON and left out of the text form. The event's own fields follow (such as
 * {@code policy}, {@code until}, {@code score}; for an admin change {@code actor}, {@code action},
 * {@code target}). Values are escaped so that a client cannot forge a line, and anything shaped like a
 * JWT is redacted, so that a token pasted into an operator's reason never reaches the log.
 *
 * <p>The frequent kinds (refused connections and messages, failed authentications) share a budget of
 * {@link #LINES_PER_SECOND} lines a second, so that a flood of refusals cannot flood the log; what the
 * budget drops is counted and reported by one {@code log_suppressed} line before the next line it lets
 * through. Blocks, lifts, suspicious activity and admin changes are always written. Only the log line is
 * dropped: every other sink (metrics, statistics, audit) still sees every event.
 */
public final class SecurityLog implements ViolationSink {

  public static final String LOGGER_NAME = "portcullis.security";
  /** The fields every line starts with, in order; documented in {@code docs/operations.md}. */
  public static final List<String> COMMON_FIELDS = List.of("event", "time", "address", "subject", "connection", "reason");
  /** What a redacted token is replaced with. */
  public static final String REDACTED = "[redacted-token]";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  /** A compact JWS or JWE: its header is base64url JSON, so it starts with {@code eyJ} ("{\""). */
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_.-]*");

  /** Lines a second for the frequent kinds, all of them together. */
  public static final int LINES_PER_SECOND = 200;

  private final LogFormat format;
  private final LogBudget budget;

  public SecurityLog(LogFormat format) {
    this(format, new LogBudget(LINES_PER_SECOND, System::nanoTime));
  }

  SecurityLog(LogFormat format, LogBudget budget) {
    this.format = format;
    this.budget = budget;
  }

  @Override
  public void accept(SecurityEvent event) {
    if (!LOG.isWarnEnabled()) {
      return;
    }
    if (frequent(event)) {
      long dropped = budget.take();
      if (dropped < 0) {
        return;
      }
      if (dropped > 0) {
        LOG.warn(renderSuppressed(event.time(), dropped));
      }
    }
    LOG.warn(render(event));
  }

  private static boolean frequent(SecurityEvent event) {
    return event instanceof MessageRefused || event instanceof HandshakeRefused
        || event instanceof AuthenticationFailed;
  }

  /** The line that reports {@code dropped} lines the budget turned away. */
  String renderSuppressed(Instant time, long dropped) {
    ObjectNode line = JSON.createObjectNode();
    line.put("event", "log_suppressed");
    line.put("time", time.toString());
    line.putNull("address");
    line.putNull("subject");
    line.putNull("connection");
    line.put("reason", "over_budget");
    line.put("suppressed", dropped);
    line.put("budgetPerSecond", budget.perSecond());
    return format(line);
  }

  /** The log line for {@code event}, without the logger's own prefix. */
  public String render(SecurityEvent event) {
    ObjectNode fields = JSON.valueToTree(event);
    fields.remove("kind");
    ObjectNode line = JSON.createObjectNode();
    line.put("event", event.kind());
    line.put("time", event.time().toString());
    for (String name : COMMON_FIELDS.subList(2, COMMON_FIELDS.size())) {
      JsonNode value = fields.remove(name);
      line.set(name, value == null ? line.nullNode() : value);
    }
    fields.remove("time");
    line.setAll(fields);
    redactTokens(line);
    return format(line);
  }

  private String format(ObjectNode line) {
    if (format == LogFormat.JSON) {
      return line.toString();
    }
    StringBuilder text = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = line.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
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

  /**
   * {@code value} with every JWT-shaped run replaced by {@link #REDACTED}. Events never carry a token
   * by construction; this guards the free text an operator types (a block's reason, a target) and is
   * shared with the audit trail. Cheap when there is nothing to redact.
   */
  public static String redactTokens(String value) {
    if (value == null || !value.contains("eyJ")) {
      return value;
    }
    return JWT.matcher(value).replaceAll(REDACTED);
  }

  private static void redactTokens(ObjectNode line) {
    for (Iterator<Map.Entry<String, JsonNode>> it = line.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isTextual()) {
        String text = field.getValue().asText();
        String safe = redactTokens(text);
        if (!safe.equals(text)) {
          field.setValue(line.textNode(safe));
        }
      }
    }
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
