package dev.portcullis.quickstart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code token --subject alice [--roles a,b] [--ttl 3600] [--sid s1]}. Immutable.
 *
 * @param roles empty when not given
 * @param sid   {@code null} when not given
 */
record TokenCommand(String subject, List<String> roles, Duration ttl, String sid) {

  static final String USAGE = "usage: token --subject <sub> [--roles a,b] [--ttl <seconds>] [--sid <session id>]";
  static final Duration DEFAULT_TTL = Duration.ofHours(1);

  /**
   * Parses the arguments after {@code token}.
   *
   * @throws IllegalArgumentException with a message fit for the user when they are wrong
   */
  static TokenCommand parse(List<String> args) {
    String subject = null;
    List<String> roles = List.of();
    Duration ttl = DEFAULT_TTL;
    String sid = null;
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("token: " + option + " needs a value");
      }
      String value = args.get(++i);
      switch (option) {
        case "--subject" -> subject = value;
        case "--roles" -> roles = roles(value);
        case "--ttl" -> ttl = ttl(value);
        case "--sid" -> sid = value;
        default -> throw new IllegalArgumentException("token: unknown option " + option);
      }
    }
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("token: --subject is required");
    }
    return new TokenCommand(subject, roles, ttl, sid);
  }

  private static List<String> roles(String value) {
    List<String> roles = new ArrayList<>();
    for (String role : value.split(",")) {
      if (!role.isBlank()) {
        roles.add(role.trim());
      }
    }
    return List.copyOf(roles);
  }

  private static Duration ttl(String value) {
    try {
      long seconds = Long.parseLong(value.trim());
      if (seconds > 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("token: --ttl must be a whole number of seconds above 0, not " + value);
  }
}
