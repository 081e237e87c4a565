package dev.portcullis.admin.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.admin.http.AdminRequest;
import dev.portcullis.admin.http.Answer;
import dev.portcullis.admin.http.BadRequest;
import dev.portcullis.admin.stats.EventRing;
import dev.portcullis.core.event.SecurityEvent;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /admin/events?kind=&address=&limit=}: this node's recent security events, newest first, with
 * the same field names as the security log ({@code event}, {@code time}, {@code address}, ...). Events
 * never carry a token. Thread-safe.
 */
public final class EventRoutes {

  /** Events answered when {@code limit} is absent. */
  static final int DEFAULT_LIMIT = 100;
  private static final Pattern KIND = Pattern.compile("[a-z_]{1,64}");

  private final EventRing ring;
  private final ObjectMapper mapper;
  private final int ipv6PrefixLength;

  public EventRoutes(EventRing ring, ObjectMapper mapper, int ipv6PrefixLength) {
    this.ring = ring;
    this.mapper = mapper;
    this.ipv6PrefixLength = ipv6PrefixLength;
  }

  public Answer list(AdminRequest request) {
    String kind = request.query("kind", 64);
    if (kind != null && !KIND.matcher(kind).matches()) {
      throw BadRequest.of("kind");
    }
    String address = request.query("address", 64);
    String key = address == null ? null : ConnectionRoutes.addressKey(address, ipv6PrefixLength, "address");
    int limit = limit(request.query("limit", 8));
    List<ObjectNode> events = ring.newest(kind, key, limit).stream().map(this::render).toList();
    return Answer.ok(Map.of("events", events));
  }

  private static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit < 1 || limit > EventRing.CAPACITY) {
        throw BadRequest.of("limit");
      }
      return limit;
    } catch (NumberFormatException e) {
      throw BadRequest.of("limit");
    }
  }

  /** {@code {"event":<kind>,"time":..,"address":..,...}}: the event's own fields after the two common ones. */
  private ObjectNode render(SecurityEvent event) {
    ObjectNode node = mapper.createObjectNode();
    node.put("event", event.kind());
    node.put("time", event.time().toString());
    ObjectNode fields = mapper.valueToTree(event);
    fields.remove("time");
    fields.remove("kind");
    node.setAll(fields);
    return node;
  }
}
