package dev.portcullis.bench;

/** The texts the benchmarks send: the admitted small message and its refused variants. */
final class Messages {

  /** The payload of the admitted message. */
  static final String PAYLOAD = "{\"room\":\"r1\",\"text\":\"hello world\"}";
  /** The same shape, breaking {@link TrackPayload}'s {@code @NotBlank} on {@code room}. */
  static final String BLANK_ROOM = "{\"room\":\" \",\"text\":\"hello world\"}";

  private Messages() {}

  /**
   * {@code {"id":..,"type":..,"timestamp":..,"payload":..}}: 111 bytes for a 16-character id, type
   * {@code track}, a timestamp in milliseconds and {@link #PAYLOAD}.
   */
  static String envelope(String id, String type, long timestampMillis, String payload) {
    return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"timestamp\":" + timestampMillis
        + ",\"payload\":" + payload + "}";
  }

  /** The admitted small message. */
  static String track(String id, long timestampMillis) {
    return envelope(id, BenchNode.TRACK, timestampMillis, PAYLOAD);
  }
}
