package dev.portcullis.core.config;

import java.util.Locale;

/**
 * {@code WS_FORWARDED_HEADER}: the one forwarding header the trusted proxies write. Only that header is read: a
 * proxy passes on the other one as the client sent it, so reading both would let a client name its own address.
 */
public enum ForwardedHeader {
  X_FORWARDED_FOR("x-forwarded-for"),
  FORWARDED("forwarded");

  private final String value;

  ForwardedHeader(String value) {
    this.value = value;
  }

  /** The header's name as the variable spells it. */
  public String value() {
    return value;
  }

  /**
   * @throws IllegalArgumentException for anything but {@code x-forwarded-for} or {@code forwarded}
   */
  public static ForwardedHeader of(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (ForwardedHeader header : values()) {
      if (header.value.equals(wanted)) {
        return header;
      }
    }
    throw new IllegalArgumentException("must be x-forwarded-for or forwarded");
  }
}
