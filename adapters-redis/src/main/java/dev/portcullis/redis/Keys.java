package dev.portcullis.redis;

import dev.portcullis.core.port.LeaseScope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The key layout, in one place (see {@code docs/scaling.md}). Every key of one address, subject or
 * other counted thing carries that thing in a hash tag ({@code {203.0.113.5}}), so each decision touches
 * one Cluster slot; the fleet-wide structures (block list, node list, total leases) have fixed tags.
 *
 * <p>Key hygiene (catalogue RL-05): a part made only of {@code [A-Za-z0-9._:/@-]}, at most 64 long, is
 * used as it is, which keeps IP and prefix keys readable; anything else (braces, {@code *}, spaces,
 * newlines, 10 KB strings) becomes {@code #} and 22 characters of its SHA-256 (base64url), a character
 * no verbatim part has, so two parts never share a key. Immutable and thread-safe.
 */
final class Keys {

  private static final Pattern VERBATIM = Pattern.compile("[A-Za-z0-9._:/@-]{1,64}");

  private final String prefix;

  Keys(String prefix) {
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }

  /** The sliding-window counter of {@code rule} for {@code key}: a hash of slot counts. */
  String rate(String rule, String key) {
    return prefix + ":{" + part(key) + "}:rate:" + part(rule);
  }

  /** The leases of one scope and key: a sorted set of lease ids scored by their deadline. */
  String lease(LeaseScope scope, String key) {
    return switch (scope) {
      case ADDRESS -> prefix + ":{" + part(key) + "}:lease:address";
      case SUBJECT -> prefix + ":{" + part(key) + "}:lease:subject";
      case TOTAL -> prefix + ":{total}:lease:total";
    };
  }

  /** One remembered message id of one subject (a string with a {@code PX} expiry). */
  String replay(String subject, String messageId) {
    return prefix + ":{" + part(subject) + "}:replay:" + part(messageId);
  }

  /** Live blocks: address keys scored by the end of their block. */
  String blockIndex() {
    return prefix + ":{blocks}:index";
  }

  /** Live blocks: address key to the block's encoded body. */
  String blockBodies() {
    return prefix + ":{blocks}:body";
  }

  /** A counter raised by every change of the block list: a node that missed one sees the gap. */
  String blockVersion() {
    return prefix + ":{blocks}:version";
  }

  /** A random id set with the list's first change: a different one means Redis lost the list. */
  String blockEpoch() {
    return prefix + ":{blocks}:epoch";
  }

  /** The channel block changes are published on. */
  String blockChannel() {
    return prefix + ":blocks";
  }

  /** Live revocation entries, scored by the time they may be forgotten. */
  String revocationIndex() {
    return prefix + ":{revocations}:index";
  }

  /** Revocation entry id to the revocation's encoded body. */
  String revocationBodies() {
    return prefix + ":{revocations}:body";
  }

  /** A counter raised by every revocation: a node that missed one sees the gap. */
  String revocationVersion() {
    return prefix + ":{revocations}:version";
  }

  /** The channel revocations are published on. */
  String revocationChannel() {
    return prefix + ":revocations";
  }

  /** Live nodes, scored by the deadline of their last heartbeat. */
  String nodes() {
    return prefix + ":{nodes}:live";
  }

  /** Open connections per node, as each node's last lease heartbeat reported them. */
  String nodeConnections() {
    return prefix + ":{nodes}:connections";
  }

  /** The channel kicks of a connection held on another node are published on. */
  String kickChannel() {
    return prefix + ":kicks";
  }

  /** {@code raw} as it may appear inside a key: verbatim when safe, else hashed. */
  static String part(String raw) {
    if (VERBATIM.matcher(raw).matches()) {
      return raw;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
      return "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "Keys[" + prefix + "]";
  }
}
