package dev.portcullis.core.model;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** A set of address ranges, parsed from a comma-separated list. Immutable and thread-safe. */
public record CidrSet(List<Cidr> ranges) {

  public static final CidrSet EMPTY = new CidrSet(List.of());

  public CidrSet {
    ranges = List.copyOf(ranges);
  }

  /** Parses {@code "10.0.0.0/8, 2001:db8::/32"}; blank gives the empty set. */
  public static CidrSet parse(String commaSeparated) {
    List<Cidr> ranges = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        ranges.add(Cidr.parse(part));
      }
    }
    return new CidrSet(ranges);
  }

  public boolean contains(InetAddress address) {
    for (Cidr range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  @Override
  public String toString() {
    return String.join(",", ranges.stream().map(Cidr::toString).toList());
  }
}
