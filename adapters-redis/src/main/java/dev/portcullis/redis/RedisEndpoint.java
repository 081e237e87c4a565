package dev.portcullis.redis;

import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Redis is, parsed from {@code WS_REDIS_URL}: one server ({@code redis://}, or {@code rediss://}
 * with TLS), a Sentinel group ({@code redis-sentinel://s1:26379,s2:26379/0#mymaster}) or a Cluster,
 * given by a list of seed nodes ({@code redis://n1:7000,n2:7001}) or by one seed and
 * {@code ?cluster=true}. A password goes in the user-info part ({@code redis://:secret@host},
 * {@code redis://user:secret@host}) and is never part of {@link #toLoggableString()} or
 * {@link #toString()}. A TLS endpoint trusts the JVM's trust store, or only the authorities of a PEM
 * file ({@link #trusting}, {@code WS_REDIS_TLS_CA_FILE}). Immutable and thread-safe.
 */
public final class RedisEndpoint {

  /** The shape of the deployment. */
  public enum Topology { STANDALONE, SENTINEL, CLUSTER }

  private static final String CLUSTER_FLAG = "cluster=true";

  private final Topology topology;
  private final List<RedisURI> uris;
  private final String loggable;
  private final Path trustedCa;

  private RedisEndpoint(Topology topology, List<RedisURI> uris, String loggable) {
    this(topology, uris, loggable, null);
  }

  private RedisEndpoint(Topology topology, List<RedisURI> uris, String loggable, Path trustedCa) {
    this.topology = topology;
    this.uris = List.copyOf(uris);
    this.loggable = loggable;
    this.trustedCa = trustedCa;
  }

  /**
   * This endpoint, trusting only the certificate authorities in {@code caFile} (PEM, one or more
   * certificates) instead of the JVM's trust store. The file is read now, so that a file that holds no
   * certificate stops start-up instead of failing every connection later.
   *
   * @throws IllegalArgumentException when the endpoint is not TLS, or the file is unreadable or holds no
   *                                  PEM certificate
   */
  public RedisEndpoint trusting(Path caFile) {
    Objects.requireNonNull(caFile, "caFile");
    if (!tls()) {
      throw new IllegalArgumentException("WS_REDIS_TLS_CA_FILE needs a TLS URL (rediss://), not " + loggable);
    }
    try (InputStream in = Files.newInputStream(caFile)) {
      if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
        throw new CertificateException("no certificate");
      }
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException("WS_REDIS_TLS_CA_FILE " + caFile + " holds no readable PEM certificate ("
          + e.getClass().getSimpleName() + ")");
    }
    return new RedisEndpoint(topology, uris, loggable, caFile);
  }

  /** The PEM file of the only authorities a TLS server may chain to; empty: the JVM's trust store. */
  public Optional<Path> trustedCa() {
    return Optional.ofNullable(trustedCa);
  }

  /**
   * Parses {@code url}.
   *
   * @throws IllegalArgumentException naming what is wrong, never echoing a password
   */
  public static RedisEndpoint parse(String url) {
    Objects.requireNonNull(url, "url");
    int schemeEnd = url.indexOf("://");
    if (schemeEnd <= 0) {
      throw new IllegalArgumentException("WS_REDIS_URL must start with redis://, rediss:// or redis-sentinel://");
    }
    String scheme = url.substring(0, schemeEnd);
    String rest = url.substring(schemeEnd + 3);
    int authorityEnd = firstOf(rest, '/', '?', '#');
    String authority = rest.substring(0, authorityEnd);
    String tail = rest.substring(authorityEnd);
    int at = authority.lastIndexOf('@');
    String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
    String hostList = authority.substring(at + 1);
    if (hostList.isEmpty()) {
      throw new IllegalArgumentException("WS_REDIS_URL names no host: " + redacted(scheme, userInfo, hostList, tail));
    }
    boolean clusterFlag = hasParameter(tail, CLUSTER_FLAG);
    tail = withoutParameter(tail, CLUSTER_FLAG);
    String loggable = redacted(scheme, userInfo, hostList, tail);
    List<String> hosts = List.of(hostList.split(","));
    try {
      switch (scheme) {
        case "redis-sentinel", "rediss-sentinel" -> {
          return new RedisEndpoint(Topology.SENTINEL, List.of(RedisURI.create(scheme + "://" + authority + tail)),
              loggable);
        }
        case "redis", "rediss" -> {
          List<RedisURI> uris = new ArrayList<>();
          for (String host : hosts) {
            if (host.isBlank()) {
              throw new IllegalArgumentException("WS_REDIS_URL has an empty host in its list: " + loggable);
            }
            uris.add(RedisURI.create(scheme + "://" + userInfo + host + tail));
          }
          Topology topology = uris.size() > 1 || clusterFlag ? Topology.CLUSTER : Topology.STANDALONE;
          return new RedisEndpoint(topology, uris, loggable);
        }
        default -> throw new IllegalArgumentException(
            "WS_REDIS_URL must start with redis://, rediss:// or redis-sentinel://, not " + scheme + "://");
      }
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("WS_REDIS_URL")) {
        throw e;
      }
      // Lettuce's own message may quote the URI, password included: keep only ours.
      throw new IllegalArgumentException("WS_REDIS_URL is not a valid Redis URI: " + loggable);
    }
  }

  public Topology topology() {
    return topology;
  }

  /** The Lettuce URIs: one for a server or a Sentinel group, one per seed for a Cluster. */
  public List<RedisURI> uris() {
    return uris;
  }

  /** Whether the connection is encrypted ({@code rediss://}). */
  public boolean tls() {
    return uris.get(0).isSsl();
  }

  /** The URL with any user-info replaced by {@code ***}, fit for a log line. */
  public String toLoggableString() {
    return loggable;
  }

  @Override
  public String toString() {
    return "RedisEndpoint[" + topology + " " + loggable + "]";
  }

  private static String redacted(String scheme, String userInfo, String hosts, String tail) {
    int query = tail.indexOf('?');
    String path = query >= 0 ? tail.substring(0, query) : tail;
    return scheme + "://" + (userInfo.isEmpty() ? "" : "***@") + hosts + path;
  }

  private static int firstOf(String s, char... chars) {
    int first = s.length();
    for (char c : chars) {
      int i = s.indexOf(c);
      if (i >= 0 && i < first) {
        first = i;
      }
    }
    return first;
  }

  private static boolean hasParameter(String tail, String parameter) {
    int q = tail.indexOf('?');
    if (q < 0) {
      return false;
    }
    int hash = tail.indexOf('#', q);
    String query = tail.substring(q + 1, hash < 0 ? tail.length() : hash);
    return List.of(query.split("&")).contains(parameter);
  }

  private static String withoutParameter(String tail, String parameter) {
    int q = tail.indexOf('?');
    if (q < 0) {
      return tail;
    }
    int hash = tail.indexOf('#', q);
    String query = tail.substring(q + 1, hash < 0 ? tail.length() : hash);
    String fragment = hash < 0 ? "" : tail.substring(hash);
    List<String> kept = new ArrayList<>(List.of(query.split("&")));
    kept.removeIf(p -> p.equals(parameter) || p.isEmpty());
    return tail.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept)) + fragment;
  }
}
