package dev.portcullis.admin.routes;

import dev.portcullis.core.port.Block;
import java.time.Instant;

/**
 * A block as the admin API shows it.
 *
 * @param target what {@code DELETE /admin/blocks/{target}} takes to lift it: an address key, a CIDR, or
 *               {@code subject:<s>}
 * @param kind   {@code address}, {@code cidr} or {@code subject}
 */
public record BlockView(String target, String kind, String reason, Instant since, Instant until, long secondsLeft) {

  static BlockView of(Block block, Instant now, int ipv6PrefixLength) {
    return new BlockView(block.addressKey(), kindOf(block.addressKey(), ipv6PrefixLength), block.reason(),
        block.since(), block.until(), block.remainingAt(now).toSeconds());
  }

  /** An IPv6 client key carries the configured prefix ({@code 2001:db8:0:0:0:0:0:0/64}) and is an address. */
  private static String kindOf(String key, int ipv6PrefixLength) {
    if (key.startsWith(Block.SUBJECT_PREFIX)) {
      return "subject";
    }
    if (!key.contains("/") || (key.contains(":") && key.endsWith("/" + ipv6PrefixLength))) {
      return "address";
    }
    return "cidr";
  }
}
