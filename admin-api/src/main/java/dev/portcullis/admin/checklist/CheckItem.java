package dev.portcullis.admin.checklist;

import java.util.Objects;

/**
 * One answered point of the security checklist. Immutable.
 *
 * @param id       stable kebab-case name of the point, such as {@code admin-network}
 * @param title    what the point asks, for a person
 * @param reason   why it came out as it did, and what to do about a warning or failure
 * @param variable the environment variable to change
 */
public record CheckItem(String id, CheckStatus status, String title, String reason, String variable) {

  public CheckItem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(variable, "variable");
  }
}
