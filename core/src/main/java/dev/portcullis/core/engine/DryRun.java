package dev.portcullis.core.engine;

import dev.portcullis.core.config.ConfigViolation;
import dev.portcullis.core.config.ConfigurationException;
import dev.portcullis.core.policy.PolicyId;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code WS_DRY_RUN}: the policies (or {@code all}) that only report what they would refuse. Checked
 * against every policy of the node, handshake and message alike, so a misspelt id stops start-up
 * instead of silently enforcing. Immutable and thread-safe.
 */
public final class DryRun {

  private final Set<String> names;
  private final boolean all;

  /** @throws ConfigurationException when a name is neither {@code all} nor a known policy id */
  public DryRun(Set<String> names, Collection<PolicyId> known) {
    Set<String> ids = new TreeSet<>();
    known.forEach(id -> ids.add(id.value()));
    for (String name : names) {
      if (!name.equals("all") && !ids.contains(name)) {
        throw new ConfigurationException(List.of(new ConfigViolation("WS_DRY_RUN", String.join(",", names),
            "'" + name + "' is not a policy; known: all, " + String.join(", ", ids))));
      }
    }
    this.names = Set.copyOf(names);
    this.all = names.contains("all");
  }

  public boolean applies(PolicyId policy) {
    return all || names.contains(policy.value());
  }
}
