package dev.portcullis.jwt;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.KeyOperation;
import io.jsonwebtoken.security.PublicJwk;
import java.security.Key;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The usable signing keys of one successful JWKS fetch, by {@code kid}, and when they were fetched.
 * Only public keys meant for signatures are kept: symmetric ({@code oct}) and private keys, encryption
 * keys, key-agreement curves and weak keys are dropped. At most {@link #MAX_KEYS}. Immutable.
 *
 * @param byKid     the keys that carry a {@code kid}
 * @param sole      the only key of the set, for tokens without a {@code kid}; {@code null} otherwise
 * @param fetchedAt when the set was fetched
 */
record JwksKeySet(Map<String, Entry> byKid, Entry sole, Instant fetchedAt) {

  /** Real JWKS hold a handful of keys; more is a misconfiguration or an attack on our heap. */
  static final int MAX_KEYS = 100;

  /** One key and the algorithms it may verify (its own {@code alg} if it names one). */
  record Entry(PublicKey key, Set<String> algorithms) {}

  JwksKeySet {
    byKid = Map.copyOf(byKid);
  }

  /** The usable keys of {@code set}, restricted to the {@code allowed} algorithms. */
  static JwksKeySet of(JwkSet set, Set<String> allowed, Instant fetchedAt) {
    Map<String, Entry> byKid = new HashMap<>();
    Entry last = null;
    int usable = 0;
    for (Jwk<?> jwk : set) {
      if (usable == MAX_KEYS) {
        break;
      }
      Entry entry = entry(jwk, allowed);
      if (entry == null) {
        continue;
      }
      usable++;
      last = entry;
      if (jwk.getId() != null) {
        byKid.putIfAbsent(jwk.getId(), entry);
      }
    }
    return new JwksKeySet(byKid, usable == 1 ? last : null, fetchedAt);
  }

  boolean isEmpty() {
    return byKid.isEmpty() && sole == null;
  }

  /** The key for {@code kid}; a token without one may only use the set's sole key. */
  Entry find(String kid) {
    return kid == null ? sole : byKid.get(kid);
  }

  private static Entry entry(Jwk<?> jwk, Set<String> allowed) {
    if (!(jwk instanceof PublicJwk<?> pub)) {
      return null;
    }
    if (pub.getPublicKeyUse() != null && !"sig".equals(pub.getPublicKeyUse())) {
      return null;
    }
    Set<KeyOperation> ops = pub.getOperations();
    if (ops != null && !ops.isEmpty() && ops.stream().noneMatch(op -> "verify".equals(op.getId()))) {
      return null;
    }
    Key key;
    try {
      key = pub.toKey();
    } catch (RuntimeException e) {
      return null;
    }
    if (!(key instanceof PublicKey publicKey)) {
      return null;
    }
    Set<String> algorithms = new HashSet<>(KeyAlgorithms.forPublicKey(publicKey));
    algorithms.retainAll(allowed);
    if (pub.getAlgorithm() != null) {
      algorithms.retainAll(Set.of(pub.getAlgorithm()));
    }
    return algorithms.isEmpty() ? null : new Entry(publicKey, Set.copyOf(algorithms));
  }
}
