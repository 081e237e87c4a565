package dev.portcullis.admin.stats;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.portcullis.core.event.AuthenticationFailed;
import dev.portcullis.core.event.SecurityEvent;
import dev.portcullis.core.event.SuspiciousActivity;
import dev.portcullis.core.port.ViolationSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failed authentications (in total, exactly, and per address) and recent suspicious-activity reports,
 * taken from the security events. The per-address counts are bounded ({@link #MAX_ADDRESSES}, least
 * valuable dropped first), so a flood from a million addresses costs a fixed amount of heap; the total
 * stays exact. Thread-safe.
 */
public final class SecurityStatistics implements ViolationSink {

  /** Addresses whose failed authentications are counted one by one. */
  public static final int MAX_ADDRESSES = 10_000;
  /** Suspicious-activity reports kept. */
  public static final int SUSPICIOUS_KEPT = 100;

  private final LongAdder failedAuth = new LongAdder();
  private final Cache<String, LongAdder> failedAuthByAddress = Caffeine.newBuilder()
      .maximumSize(MAX_ADDRESSES)
      .build();
  private final RecentRing<SuspiciousActivity> suspicious = new RecentRing<>(SUSPICIOUS_KEPT);

  @Override
  public void accept(SecurityEvent event) {
    if (event instanceof AuthenticationFailed failed) {
      failedAuth.increment();
      failedAuthByAddress.get(failed.address(), a -> new LongAdder()).increment();
    } else if (event instanceof SuspiciousActivity report) {
      suspicious.add(report);
    }
  }

  /** Failed authentications so far, exactly. */
  public long failedAuthentications() {
    return failedAuth.sum();
  }

  /** The {@code limit} addresses with the most failed authentications, most first. */
  public List<AddressCount> topFailedAuth(int limit) {
    List<AddressCount> all = new ArrayList<>();
    failedAuthByAddress.asMap().forEach((address, count) -> all.add(new AddressCount(address, count.sum())));
    all.sort(Comparator.comparingLong(AddressCount::count).reversed().thenComparing(AddressCount::address));
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  /** Up to {@code limit} suspicious-activity reports, newest first. */
  public List<SuspiciousActivity> suspicious(int limit) {
    return suspicious.newest(r -> true, limit);
  }

  /** An address and how often it failed. */
  public record AddressCount(String address, long count) {}
}
