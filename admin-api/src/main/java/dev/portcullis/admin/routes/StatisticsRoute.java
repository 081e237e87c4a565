package dev.portcullis.admin.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portcullis.admin.http.AdminRequest;
import dev.portcullis.admin.http.Answer;
import dev.portcullis.admin.stats.SecurityStatistics;
import dev.portcullis.admin.stats.TrafficStatistics;
import dev.portcullis.core.event.SuspiciousActivity;
import dev.portcullis.core.port.BlockListPort;
import dev.portcullis.core.port.ConnectionRegistry;
import dev.portcullis.core.port.NodeConnections;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/websocket-security}: the seed's security statistics, counted exactly since the node
 * started (connections, blocks, failed authentications, messages, recent suspicious activity). With shared
 * state, {@code nodes} lists the fleet's nodes and the connections each holds (as their last heartbeat
 * reported them); a node alone has no such section. Thread-safe.
 */
public final class StatisticsRoute {

  /** Addresses listed under {@code failedAuth.byAddress}. */
  static final int TOP_ADDRESSES = 20;
  /** Suspicious-activity reports listed. */
  static final int RECENT_SUSPICIOUS = 50;

  private final ConnectionRegistry registry;
  private final BlockListPort blocks;
  private final TrafficStatistics traffic;
  private final SecurityStatistics security;
  private final int ipv6PrefixLength;
  private final Clock clock;

  public StatisticsRoute(ConnectionRegistry registry, BlockListPort blocks, TrafficStatistics traffic,
      SecurityStatistics security, int ipv6PrefixLength, Clock clock) {
    this.registry = registry;
    this.blocks = blocks;
    this.traffic = traffic;
    this.security = security;
    this.ipv6PrefixLength = ipv6PrefixLength;
    this.clock = clock;
  }

  public Answer get(AdminRequest request) {
    Instant now = clock.instant();
    Map<String, Long> refusedHandshakes = traffic.handshakeRefusals();
    Map<String, Long> refusedMessages = traffic.messageRefusals();
    long rejected = sum(refusedHandshakes);
    long refused = sum(refusedMessages);
    List<BlockView> entries = blocks.list().stream().map(b -> BlockView.of(b, now, ipv6PrefixLength)).toList();
    return Answer.ok(new Statistics(
        new Connections(registry.connections().size(), traffic.admitted(), rejected, refusedHandshakes),
        new Blocks(entries.size(), entries),
        new FailedAuth(security.failedAuthentications(), security.topFailedAuth(TOP_ADDRESSES)),
        new Messages(traffic.delivered() + refused, traffic.delivered(), refused, refusedMessages),
        security.suspicious(RECENT_SUSPICIOUS).stream().map(Suspicious::of).toList(),
        registry.nodes().stream().map(Node::of).toList(),
        now));
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  record Statistics(Connections connections, Blocks blockedIps, FailedAuth failedAuth, Messages messages,
      List<Suspicious> suspicious, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Node> nodes,
      Instant generatedAt) {}

  /** One node of the fleet: its id, the connections it holds, and whether it is the one answering. */
  record Node(String id, long connections, boolean self) {
    static Node of(NodeConnections node) {
      return new Node(node.node(), node.connections(), node.self());
    }
  }

  record Connections(long active, long accepted, long rejected, Map<String, Long> rejectedByReason) {}

  record Blocks(long count, List<BlockView> entries) {}

  record FailedAuth(long total, List<SecurityStatistics.AddressCount> byAddress) {}

  record Messages(long received, long accepted, long rejected, Map<String, Long> rejectedByCode) {}

  record Suspicious(String address, String subject, long score, List<String> reasons, Instant time) {
    static Suspicious of(SuspiciousActivity report) {
      return new Suspicious(report.address(), report.subject(), report.score(), List.of(report.reason()), report.time());
    }
  }
}
