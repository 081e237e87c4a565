package dev.portcullis.undertow;

import dev.portcullis.core.config.ConfigViolation;
import dev.portcullis.core.config.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Sequence;

/**
 * What the node proves itself with over TLS: the certificate chain of {@code WS_TLS_CERT_FILE} and the
 * private key of {@code WS_TLS_KEY_FILE}, checked once at start-up so that a broken pair stops the node
 * instead of failing every client's handshake.
 *
 * <p>Refused, each with a {@link ConfigurationException} naming the variable and file: a file that is
 * unreadable, larger than {@link #MAX_FILE_BYTES} or not of the accepted formats
 * ({@link TlsCertificateReader}, {@link TlsKeyReader}); a key that does not belong to the leaf
 * certificate (proved by signing a random challenge and verifying it with the certificate's public
 * key); a leaf certificate that is expired or not yet valid. A leaf expiring within
 * {@link #EXPIRY_WARNING} is served with a warning. Neither messages nor logs carry key material.
 *
 * <p>Immutable; the {@link SSLContext} it makes is thread-safe. Not a record, so that no
 * {@code toString()} ever prints the key.
 */
final class TlsIdentity {

  /** TLS 1.3 and 1.2 only: older versions lack AEAD ciphers and are deprecated (RFC 8996). */
  static final Sequence<String> PROTOCOLS = Sequence.of("TLSv1.3", "TLSv1.2");
  static final Duration EXPIRY_WARNING = Duration.ofDays(30);
  /** A chain of a few certificates is a few KiB; anything near this is not a PEM file meant for us. */
  static final long MAX_FILE_BYTES = 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(TlsIdentity.class);
  private static final String CERT_VARIABLE = "WS_TLS_CERT_FILE";
  private static final String KEY_VARIABLE = "WS_TLS_KEY_FILE";

  /** Leaf first. */
  private final List<X509Certificate> chain;
  private final PrivateKey key;

  private TlsIdentity(List<X509Certificate> chain, PrivateKey key) {
    this.chain = List.copyOf(chain);
    this.key = Objects.requireNonNull(key, "key");
  }

  /**
   * Reads and checks the pair at {@code clock}'s present.
   *
   * @throws ConfigurationException listing every problem found
   */
  static TlsIdentity load(Path certFile, Path keyFile, Clock clock) {
    List<ConfigViolation> problems = new ArrayList<>();
    List<X509Certificate> chain = null;
    PrivateKey key = null;
    try {
      chain = TlsCertificateReader.read(blocks(certFile));
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigViolation(CERT_VARIABLE, certFile.toString(), e.getMessage()));
    }
    try {
      key = TlsKeyReader.read(blocks(keyFile), keyFile.toString());
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigViolation(KEY_VARIABLE, keyFile.toString(), e.getMessage()));
    }
    if (chain != null) {
      String validity = validity(chain.get(0), clock.instant());
      if (validity != null) {
        problems.add(new ConfigViolation(CERT_VARIABLE, certFile.toString(), validity));
      }
    }
    if (chain != null && key != null && !belongTogether(key, chain.get(0))) {
      problems.add(new ConfigViolation(KEY_VARIABLE, keyFile.toString(), "is not the private key of the leaf "
          + "certificate in " + CERT_VARIABLE + " (" + certFile + "); both must come from one key pair"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    warnIfOthersCanRead(keyFile);
    X509Certificate leaf = chain.get(0);
    Duration left = Duration.between(clock.instant(), leaf.getNotAfter().toInstant());
    if (left.compareTo(EXPIRY_WARNING) < 0) {
      LOG.warn("The TLS certificate in {} ({}) expires at {}, in {} days: renew it and restart the node", certFile,
          leaf.getSubjectX500Principal(), leaf.getNotAfter().toInstant(), left.toDays());
    }
    return new TlsIdentity(chain, key);
  }

  /** A private key that its group or everyone may read is a key that may already be copied. */
  private static void warnIfOthersCanRead(Path keyFile) {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(keyFile);
    } catch (UnsupportedOperationException | IOException e) {
      return; // not a POSIX file system: nothing to say
    }
    if (permissions.contains(PosixFilePermission.GROUP_READ)
        || permissions.contains(PosixFilePermission.OTHERS_READ)) {
      LOG.warn("The TLS private key {} may be read by its group or by everyone ({}): chmod 600 it",
          keyFile, PosixFilePermissions.toString(permissions));
    }
  }

  /** The leaf's subject, for the start-up log line. */
  String subject() {
    return chain.get(0).getSubjectX500Principal().getName();
  }

  Instant notAfter() {
    return chain.get(0).getNotAfter().toInstant();
  }

  /**
   * A server-side TLS context presenting this identity, with the JDK's default cipher suites and
   * algorithm constraints. The protocol versions are set on the listener ({@link #PROTOCOLS}).
   */
  SSLContext sslContext() {
    try {
      // An in-memory store only carries the key to the key manager; its password guards nothing on disk.
      char[] password = new char[32];
      SecureRandom random = new SecureRandom();
      for (int i = 0; i < password.length; i++) {
        password[i] = (char) ('a' + random.nextInt(26));
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("portcullis", key, password, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot make a TLS context of the certificate " + subject() + ": "
          + e.getClass().getSimpleName(), e);
    }
  }

  private static List<PemBlocks.Block> blocks(Path file) {
    String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new IllegalArgumentException("is larger than " + MAX_FILE_BYTES / 1024 + " KiB; a PEM chain or key "
            + "is a few KiB");
      }
      text = Files.readString(file, StandardCharsets.ISO_8859_1); // never fails on bytes; PEM is ASCII
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    List<PemBlocks.Block> blocks = PemBlocks.read(text);
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("holds no PEM block (-----BEGIN ...-----); DER files are not read");
    }
    return blocks;
  }

  private static String validity(X509Certificate leaf, Instant now) {
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      return "its leaf certificate (" + leaf.getSubjectX500Principal() + ") is not valid before "
          + leaf.getNotBefore().toInstant();
    }
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      return "its leaf certificate (" + leaf.getSubjectX500Principal() + ") expired at "
          + leaf.getNotAfter().toInstant();
    }
    return null;
  }

  /** Whether {@code key} signs what the leaf's public key verifies. */
  private static boolean belongTogether(PrivateKey key, X509Certificate leaf) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> "EdDSA";
    };
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // another kind of key than the certificate's
    }
  }
}
