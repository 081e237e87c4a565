package dev.portcullis.core.policy;

import java.util.regex.Pattern;

/** The stable, kebab-case name of a policy, as used by {@code WS_DRY_RUN} and in security events. */
public record PolicyId(String value) implements Comparable<PolicyId> {

  private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  public PolicyId {
    if (value == null || !KEBAB.matcher(value).matches()) {
      throw new IllegalArgumentException("a policy id is kebab-case, such as 'connection-rate': " + value);
    }
  }

  public static PolicyId of(String value) {
    return new PolicyId(value);
  }

  @Override
  public int compareTo(PolicyId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
