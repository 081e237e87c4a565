package dev.portcullis.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.portcullis.core.port.AuthFailure;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks a token must pass before any key is looked up or any signature computed: size, compact
 * JWS shape, header parameters we never honour, the algorithm allow-list, a sane {@code kid}, and
 * ECDSA signatures that are raw {@code R || S} with neither half zero. Immutable and thread-safe.
 */
final class TokenGate {

  /** Longer tokens are refused unparsed: no legitimate access token comes near it. */
  static final int MAX_TOKEN_CHARS = 16 * 1024;
  static final int MAX_KID_CHARS = 256;

  /**
   * Header parameters that name or carry a key (RFC 8725 §3.10: never trust them; we never fetch
   * {@code jku}/{@code x5u}), extensions we implement none of ({@code crit}, {@code b64}, RFC 7797),
   * and compression ({@code zip}: a JWS decompression bomb, and JWS compression is non-standard).
   */
  private static final Set<String> REFUSED_HEADERS = Set.of("jwk", "jku", "x5u", "x5c", "crit", "b64", "zip");

  /** Strict: a duplicated member (two {@code alg}s) is an ambiguity, not a choice (RFC 8725 §3.7). */
  private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
          .build())
      .build();

  private final Set<String> allowed;

  TokenGate(Set<String> allowedAlgorithms) {
    this.allowed = Set.copyOf(allowedAlgorithms);
  }

  /** The refusal, or empty when the token may go on to verification. */
  Optional<AuthFailure> check(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      return Optional.of(AuthFailure.MALFORMED);
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (second < 0 || token.indexOf('.', second + 1) >= 0 || !base64Url(token)) {
      return Optional.of(AuthFailure.MALFORMED); // JWE (five parts), JSON serialisation, junk
    }
    String header = token.substring(0, first);
    String signature = token.substring(second + 1);
    if (header.isEmpty() || second == first + 1) {
      return Optional.of(AuthFailure.MALFORMED);
    }
    JsonNode json;
    try {
      json = JSON.readTree(Base64.getUrlDecoder().decode(header));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of(AuthFailure.MALFORMED);
    }
    if (json == null || !json.isObject()) {
      return Optional.of(AuthFailure.MALFORMED);
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      if (REFUSED_HEADERS.contains(names.next())) {
        return Optional.of(AuthFailure.UNTRUSTED_HEADER);
      }
    }
    if (json.has("enc")) {
      return Optional.of(AuthFailure.MALFORMED);
    }
    JsonNode alg = json.get("alg");
    if (alg == null || !alg.isTextual()) {
      return Optional.of(AuthFailure.MALFORMED);
    }
    // "none" in any case is refused here, by the allow-list (which never holds it) and by jjwt again.
    if ("none".equals(alg.textValue().toLowerCase(Locale.ROOT)) || !allowed.contains(alg.textValue())) {
      return Optional.of(AuthFailure.ALGORITHM_NOT_ALLOWED);
    }
    JsonNode kid = json.get("kid");
    if (kid != null && !saneKid(kid)) {
      return Optional.of(AuthFailure.MALFORMED);
    }
    if (signature.isEmpty()) {
      return Optional.of(AuthFailure.BAD_SIGNATURE); // "header.payload." (CVE-2020-28042)
    }
    if (alg.textValue().startsWith("ES")) {
      byte[] sig;
      try {
        sig = Base64.getUrlDecoder().decode(signature);
      } catch (IllegalArgumentException e) {
        return Optional.of(AuthFailure.MALFORMED);
      }
      if (!EcdsaSignatures.plausible(alg.textValue(), sig)) {
        return Optional.of(AuthFailure.BAD_SIGNATURE);
      }
    }
    return Optional.empty();
  }

  /** A kid is only ever a map key; still, refuse what no issuer sends (control characters, huge). */
  private static boolean saneKid(JsonNode kid) {
    if (!kid.isTextual() || kid.textValue().isEmpty() || kid.textValue().length() > MAX_KID_CHARS) {
      return false;
    }
    return kid.textValue().chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  /** Only the base64url alphabet (RFC 7515 §2: no padding) and the two separators. */
  private static boolean base64Url(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
