package dev.portcullis.undertow;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;

/**
 * Decodes the private key of {@code WS_TLS_KEY_FILE}: one unencrypted PKCS#8 {@code PRIVATE KEY} block
 * (RSA, EC or Ed25519), or a PKCS#1 {@code RSA PRIVATE KEY} block, re-wrapped as PKCS#8. Certificate
 * blocks beside the key are skipped, so one file may hold both. Anything else (an encrypted key, a SEC1
 * {@code EC PRIVATE KEY}, an OpenSSH key) is refused with the OpenSSL command that converts it: the
 * node starts unattended, with no one to type a pass phrase. Messages never carry key material.
 * Stateless and thread-safe.
 */
final class TlsKeyReader {

  /** KeyFactory algorithms tried on a PKCS#8 key, in this order. */
  private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519");
  /** DER of the PKCS#8 AlgorithmIdentifier for rsaEncryption (OID 1.2.840.113549.1.1.1, NULL parameters). */
  private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
      (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  private TlsKeyReader() {}

  /**
   * The one private key among {@code blocks}.
   *
   * @param file where the blocks came from, named in the conversion command of a refusal
   * @throws IllegalArgumentException saying what the file holds and how to convert it
   */
  static PrivateKey read(List<PemBlocks.Block> blocks, String file) {
    List<PemBlocks.Block> keys = blocks.stream().filter(b -> !b.label().equals("CERTIFICATE")).toList();
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("holds no private key; expected one PKCS#8 'PRIVATE KEY' PEM block");
    }
    if (keys.size() > 1) {
      throw new IllegalArgumentException("holds " + keys.size() + " PEM blocks besides certificates; expected one "
          + "PKCS#8 'PRIVATE KEY' block");
    }
    PemBlocks.Block key = keys.get(0);
    String convert = "; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pk8.pem";
    if (key.encrypted() || key.label().equals("ENCRYPTED PRIVATE KEY")) {
      throw new IllegalArgumentException("holds an encrypted private key, which a server starting unattended cannot "
          + "open" + convert + " (and keep the result readable by the server's user only)");
    }
    return switch (key.label()) {
      case "PRIVATE KEY" -> pkcs8(key.der());
      case "RSA PRIVATE KEY" -> rsa(key.der());
      case "EC PRIVATE KEY" -> throw new IllegalArgumentException(
          "holds a SEC1 'EC PRIVATE KEY'; only PKCS#8 'PRIVATE KEY' is read" + convert);
      default -> throw new IllegalArgumentException(
          "holds a '" + key.label() + "' PEM block, not a PKCS#8 'PRIVATE KEY'" + convert);
    };
  }

  private static PrivateKey pkcs8(byte[] der) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException | RuntimeException e) {
        // not this kind: try the next
      }
    }
    throw new IllegalArgumentException("holds a 'PRIVATE KEY' that is not a readable RSA, EC or Ed25519 PKCS#8 key");
  }

  /** A PKCS#1 RSAPrivateKey wrapped in PKCS#8 PrivateKeyInfo (RFC 5208 §5): version 0, rsaEncryption, the key. */
  private static PrivateKey rsa(byte[] pkcs1) {
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    info.writeBytes(new byte[] {0x02, 0x01, 0x00});
    info.writeBytes(RSA_ALGORITHM);
    info.writeBytes(der(0x04, pkcs1));
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(0x30, info.toByteArray())));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("holds an 'RSA PRIVATE KEY' that is not a readable PKCS#1 RSA key");
    }
  }

  /** One DER element: tag, definite length (X.690 §8.1.3), content. */
  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
