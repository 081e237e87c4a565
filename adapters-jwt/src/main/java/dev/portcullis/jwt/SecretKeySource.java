package dev.portcullis.jwt;

import dev.portcullis.core.config.Secret;
import dev.portcullis.core.port.AuthFailure;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC secret of {@code WS_JWT_SECRET} (its UTF-8 bytes), as one JCA key per HS* algorithm it is
 * long enough for. The {@code kid} is ignored. Immutable and thread-safe.
 */
final class SecretKeySource implements KeySource {

  private final Map<String, Key> keys;

  SecretKeySource(Secret secret) {
    byte[] bytes = secret.value().getBytes(StandardCharsets.UTF_8);
    Map<String, Key> byAlg = new HashMap<>();
    for (String alg : KeyAlgorithms.forSecret(bytes.length)) {
      byAlg.put(alg, new SecretKeySpec(bytes, "HmacSHA" + alg.substring(2)));
    }
    this.keys = Map.copyOf(byAlg);
  }

  @Override
  public Set<String> fittingAlgorithms() {
    return keys.keySet();
  }

  @Override
  public Key find(String alg, String kid) {
    Key key = keys.get(alg);
    if (key == null) {
      throw new KeyRefusal(AuthFailure.ALGORITHM_NOT_ALLOWED);
    }
    return key;
  }
}
