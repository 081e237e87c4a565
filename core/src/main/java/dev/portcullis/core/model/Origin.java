package dev.portcullis.core.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A web origin ({@code scheme://host[:port]}), normalised so that comparing two is an exact string
 * match: lower case, default port dropped, no path. Lookalikes ({@code app.example.com.evil.com},
 * {@code null}, another scheme or port) never compare equal to an allowed origin.
 */
public final class Origin {

  private Origin() {}

  /**
   * The normalised form of {@code text}.
   *
   * @throws IllegalArgumentException when {@code text} is not an http(s) origin without path,
   *     query, fragment or user info
   */
  public static String normalize(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' is not an origin such as https://app.example.com");
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean web = "http".equals(scheme) || "https".equals(scheme);
    boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty())
        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
    if (!web || uri.getHost() == null || !bare) {
      throw new IllegalArgumentException("'" + text + "' is not an origin such as https://app.example.com");
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }

  /** {@link #normalize} or {@code null} when {@code text} is not a valid origin. */
  public static String normalizeOrNull(String text) {
    try {
      return normalize(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
