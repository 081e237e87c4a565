package dev.portcullis.admin.routes;

import dev.portcullis.admin.http.AdminRequest;
import dev.portcullis.admin.http.Answer;
import dev.portcullis.admin.http.BadRequest;
import dev.portcullis.core.engine.BlockEnforcer;
import dev.portcullis.core.engine.SecurityEvents;
import dev.portcullis.core.event.AdminChange;
import dev.portcullis.core.model.Cidr;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.model.Principal;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.OpenConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /admin/connections} (filtered by {@code address} and {@code subject}): this node's open
 * connections; and {@code DELETE /admin/connections/{id}}, which closes the socket {@code 1008 kicked}
 * on whichever node of the fleet holds it ({@link ConnectionRegistry#kick}). Thread-safe.
 */
public final class ConnectionRoutes {

  private final ConnectionRegistry registry;
  private final SecurityEvents events;
  private final int ipv6PrefixLength;
  private final Clock clock;

  public ConnectionRoutes(ConnectionRegistry registry, SecurityEvents events, int ipv6PrefixLength, Clock clock) {
    this.registry = registry;
    this.events = events;
    this.ipv6PrefixLength = ipv6PrefixLength;
    this.clock = clock;
  }

  public Answer list(AdminRequest request) {
    String address = request.query("address", 64);
    String subject = request.query("subject", Limits.MAX_SUBJECT);
    String key = address == null ? null : addressKey(address, ipv6PrefixLength, "address");
    List<ConnectionView> views = registry.connections().stream()
        .filter(c -> key == null || key.equals(c.client().key()))
        .filter(c -> subject == null || c.principal().map(Principal::subject).filter(subject::equals).isPresent())
        .map(ConnectionView::of)
        .toList();
    return Answer.ok(Map.of("connections", views));
  }

  public Answer kick(AdminRequest request) {
    String id = request.pathParameter("id");
    if (!registry.kick(id, BlockEnforcer.POLICY_VIOLATION, "kicked")) {
      return Answer.error(404, "not_found");
    }
    events.publish(new AdminChange(clock.instant(), request.caller().client().key(), request.caller().actor(), "kick",
        id, null));
    return Answer.noContent();
  }

  /**
   * The client key of an address given in a filter (an IP address, or an IPv6 client key such as
   * {@code 2001:db8:0:0:0:0:0:0/64}); {@code 400} naming {@code field} otherwise.
   */
  static String addressKey(String address, int ipv6PrefixLength, String field) {
    try {
      Cidr single = Cidr.parse(address);
      int bits = single.network().getAddress().length * 8;
      if (single.prefixLength() != bits && !(bits == 128 && single.prefixLength() == ipv6PrefixLength)) {
        throw BadRequest.of(field);
      }
      return ClientAddress.of(single.network(), ipv6PrefixLength).key();
    } catch (IllegalArgumentException e) {
      throw BadRequest.of(field);
    }
  }

  /** An open connection as the admin API shows it. */
  public record ConnectionView(String id, String address, String subject, String session, Instant since,
      long messagesIn, long messagesOut, int queued) {

    static ConnectionView of(OpenConnection c) {
      Optional<Principal> principal = c.principal();
      return new ConnectionView(c.id(), c.client().key(), principal.map(Principal::subject).orElse(null),
          principal.map(Principal::session).orElse(null), c.openedAt(), c.messagesIn(), c.messagesOut(), c.queued());
    }
  }
}
