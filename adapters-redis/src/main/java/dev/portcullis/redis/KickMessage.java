package dev.portcullis.redis;

/**
 * What nodes say to each other on the kick channel, one line per field: a kick
 * ({@code kick}, the kicking node, its request number, the close code, the reason, then the connection
 * id, last, so that whatever it holds cannot shift the other fields) and the holder's answer
 * ({@code done}, the kicking node, its request number). Immutable.
 *
 * @param answer     whether this is the holder's answer rather than a kick
 * @param connection the connection to close (a kick only)
 */
record KickMessage(boolean answer, String origin, long request, int code, String reason, String connection) {

  private static final String KICK = "kick";
  private static final String DONE = "done";

  static String kick(String origin, long request, int code, String reason, String connection) {
    return KICK + "\n" + origin + "\n" + request + "\n" + code + "\n" + reason + "\n" + connection;
  }

  static String answer(String origin, long request) {
    return DONE + "\n" + origin + "\n" + request;
  }

  /** The message in {@code raw}, or null when it is not one of ours. */
  static KickMessage parse(String raw) {
    String[] parts = raw.split("\n", 6);
    try {
      if (parts.length == 3 && parts[0].equals(DONE)) {
        return new KickMessage(true, parts[1], Long.parseLong(parts[2]), 0, "", "");
      }
      if (parts.length == 6 && parts[0].equals(KICK)) {
        return new KickMessage(false, parts[1], Long.parseLong(parts[2]), Integer.parseInt(parts[3]), parts[4],
            parts[5]);
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return null;
  }
}
