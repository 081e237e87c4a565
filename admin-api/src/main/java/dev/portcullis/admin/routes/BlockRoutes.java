package dev.portcullis.admin.routes;

import dev.portcullis.admin.http.AdminRequest;
import dev.portcullis.admin.http.Answer;
import dev.portcullis.admin.http.BadRequest;
import dev.portcullis.admin.http.Caller;
import dev.portcullis.core.engine.AddressBlocker;
import dev.portcullis.core.engine.SecurityEvents;
import dev.portcullis.core.event.AdminChange;
import dev.portcullis.core.model.Cidr;
import dev.portcullis.core.model.CidrSet;
import dev.portcullis.core.model.ClientAddress;
import dev.portcullis.core.port.Block;
import dev.portcullis.core.port.BlockListPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET/POST /admin/blocks} and {@code DELETE /admin/blocks/{target}}: list, add and lift blocks of an
 * address, a CIDR or a subject. A bare address is blocked by its client key (an IPv6 address by its
 * {@code WS_IPV6_PREFIX_LENGTH} prefix, as the handshake counts it). Guardrails refuse, with {@code 400},
 * a range shorter than /8 (IPv4) or /16 (IPv6), a target that covers the caller's own address or a
 * trusted proxy, and a malformed address. Every change is published as an {@link AdminChange}, and as the
 * {@code address_blocked} / {@code address_unblocked} event any block or lift publishes. Thread-safe.
 */
public final class BlockRoutes {

  private final BlockListPort blocks;
  private final AddressBlocker blocker;
  private final SecurityEvents events;
  private final CidrSet trustedProxies;
  private final Duration defaultDuration;
  private final int ipv6PrefixLength;
  private final Clock clock;

  public BlockRoutes(BlockListPort blocks, AddressBlocker blocker, SecurityEvents events, CidrSet trustedProxies,
      Duration defaultDuration, int ipv6PrefixLength, Clock clock) {
    this.blocks = blocks;
    this.blocker = blocker;
    this.events = events;
    this.trustedProxies = trustedProxies;
    this.defaultDuration = defaultDuration;
    this.ipv6PrefixLength = ipv6PrefixLength;
    this.clock = clock;
  }

  public Answer list(AdminRequest request) {
    Instant now = clock.instant();
    return Answer.ok(Map.of("blocks", blocks.list().stream().map(b -> BlockView.of(b, now, ipv6PrefixLength)).toList()));
  }

  public Answer add(AdminRequest request) throws Exception {
    BlockRequest body = request.body(BlockRequest.class);
    if ((body.address() == null) == (body.subject() == null)) {
      throw BadRequest.of("address", "subject");
    }
    String key = body.address() != null ? guardedAddressKey(body.address(), request.caller())
        : Block.subjectKey(body.subject());
    Duration length = body.seconds() == null ? defaultDuration : Duration.ofSeconds(body.seconds());
    String reason = body.reason() == null || body.reason().isBlank() ? Limits.DEFAULT_REASON : body.reason();
    Block block;
    try {
      block = blocker.blockManually(key, reason, length);
    } catch (IllegalStateException full) {
      return Answer.error(503, "block_list_full");
    }
    Instant now = block.since();
    events.publish(new AdminChange(now, request.caller().client().key(), request.caller().actor(), "block", key,
        reason));
    return Answer.json(201, BlockView.of(block, now, ipv6PrefixLength));
  }

  public Answer lift(AdminRequest request) {
    String target = request.pathParameter("target");
    String key;
    if (target.startsWith(Block.SUBJECT_PREFIX)) {
      key = target;
    } else {
      try {
        key = keyOf(Cidr.parse(target));
      } catch (IllegalArgumentException e) {
        throw BadRequest.of("target");
      }
    }
    if (!blocker.lift(key, Limits.LIFT_REASON)) {
      return Answer.error(404, "not_found");
    }
    events.publish(new AdminChange(clock.instant(), request.caller().client().key(), request.caller().actor(), "lift",
        key, null));
    return Answer.noContent();
  }

  private String guardedAddressKey(String text, Caller caller) {
    Cidr range;
    try {
      range = Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw BadRequest.of("address");
    }
    boolean v4 = range.network().getAddress().length == 4;
    if (range.prefixLength() < (v4 ? Limits.MIN_IPV4_PREFIX : Limits.MIN_IPV6_PREFIX)
        || range.contains(caller.client().address()) || coversTrustedProxy(range)) {
      throw BadRequest.of("address");
    }
    String key = keyOf(range);
    if (key.equals(caller.client().key())) {
      throw BadRequest.of("address"); // an IPv6 range inside the caller's own client prefix
    }
    return key;
  }

  private boolean coversTrustedProxy(Cidr range) {
    for (Cidr proxy : trustedProxies.ranges()) {
      if (range.contains(proxy.network()) || proxy.contains(range.network())) {
        return true;
      }
    }
    return false;
  }

  /** A whole address (or, for IPv6, exactly the client prefix) is a client key; anything wider is a CIDR. */
  private String keyOf(Cidr range) {
    int bits = range.network().getAddress().length * 8;
    boolean client = range.prefixLength() == bits || (bits == 128 && range.prefixLength() >= ipv6PrefixLength);
    return client ? ClientAddress.of(range.network(), ipv6PrefixLength).key() : range.toString();
  }
}
