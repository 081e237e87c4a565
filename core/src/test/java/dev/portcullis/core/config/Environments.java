package dev.portcullis.core.config;

import java.util.HashMap;
import java.util.Map;

/** Environments for configuration tests: plain maps, never the real process environment. */
final class Environments {

  /** An HMAC secret of exactly 32 bytes: the shortest that is accepted. */
  static final String SECRET_32 = "0123456789abcdef0123456789abcdef";

  /** A syntactically plausible PEM public key; the core only carries it, the JWT adapter parses it. */
  static final String PUBLIC_KEY_PEM = "-----BEGIN PUBLIC KEY-----\n"
      + "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
      + "-----END PUBLIC KEY-----";

  private Environments() {}

  /** The smallest valid environment: every default, plus the key source that the default WS_REQUIRE_AUTH needs. */
  static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("WS_JWT_SECRET", SECRET_32);
    return env;
  }

  /** {@link #minimal()} with more variables. */
  static Map<String, String> minimalWith(String... namesAndValues) {
    Map<String, String> env = minimal();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      env.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return env;
  }

  /** Just these variables. */
  static Map<String, String> only(String... namesAndValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      env.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return env;
  }
}
