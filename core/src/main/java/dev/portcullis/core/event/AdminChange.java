package dev.portcullis.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator changed something through the admin surface (CONTRACT §5: "admin change").
 *
 * @param address the client address key the change was made from
 * @param actor   who made it: the admin token's subject, or {@code static-token}
 * @param action  what was done, such as {@code block}, {@code lift}, {@code revoke}, {@code kick}
 * @param target  what it was done to: an address, a CIDR, a subject, a token id or a connection id
 * @param reason  the operator's words, or {@code null}
 */
public record AdminChange(Instant time, String address, String actor, String action, String target, String reason)
    implements SecurityEvent {

  public AdminChange {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
  }

  @Override
  public String kind() {
    return "admin_change";
  }
}
