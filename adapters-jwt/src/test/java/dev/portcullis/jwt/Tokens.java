package dev.portcullis.jwt;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Tokens for tests: properly signed with jjwt, or forged byte by byte the way an attacker would. */
final class Tokens {

  static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";

  private Tokens() {}

  /** A good token at {@code now}: {@code sub=user-1}, {@code exp=now+1h}, then {@code claims} on top. */
  @SuppressWarnings("unchecked")
  static <K extends Key> String sign(K key, SecureDigestAlgorithm<? super K, ?> alg, Instant now,
      UnaryOperator<JwtBuilder> claims) {
    JwtBuilder builder = Jwts.builder()
        .subject("user-1")
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(Duration.ofHours(1))));
    return claims.apply(builder).signWith(key, (SecureDigestAlgorithm<K, ?>) alg).compact();
  }

  static String hs256(Instant now, UnaryOperator<JwtBuilder> claims) {
    return sign(secretKey(SECRET, "HmacSHA256"), Jwts.SIG.HS256, now, claims);
  }

  static String hs256(Instant now) {
    return hs256(now, b -> b);
  }

  static SecretKeySpec secretKey(String secret, String jcaName) {
    return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jcaName);
  }

  /** {@code header.payload.signature} from raw JSON and raw signature bytes. */
  static String forge(String headerJson, String payloadJson, byte[] signature) {
    return b64(headerJson) + "." + b64(payloadJson) + "." + b64(signature);
  }

  /** An HS256 token HMAC-signed with arbitrary key bytes (the key-confusion attack). */
  static String hmacWith(byte[] keyBytes, String headerJson, String payloadJson) {
    String signingInput = b64(headerJson) + "." + b64(payloadJson);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
      return signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A plausible claims set at {@code now}. */
  static String claimsJson(Instant now) {
    return "{\"sub\":\"user-1\",\"iat\":" + now.getEpochSecond() + ",\"exp\":" + (now.getEpochSecond() + 3600) + "}";
  }

  static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The token with its header segment replaced. */
  static String withHeader(String token, String headerJson) {
    return b64(headerJson) + token.substring(token.indexOf('.'));
  }
}
