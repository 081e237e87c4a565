package dev.portcullis.jwt;

import java.util.Map;

/**
 * Sanity of an ES256/384/512 signature before it is verified. RFC 7518 §3.4 fixes the encoding: the
 * raw {@code R || S}, each half as long as the curve's order. A DER signature (such as the
 * "psychic" {@code MAYCAQACAQA}) has the wrong length, and an R or S of zero is never valid
 * (CVE-2022-21449: some JDKs accepted it). Stateless and thread-safe.
 */
final class EcdsaSignatures {

  private static final Map<String, Integer> RAW_LENGTH = Map.of("ES256", 64, "ES384", 96, "ES512", 132);

  private EcdsaSignatures() {}

  /** False when {@code signature} cannot be a valid {@code alg} signature. */
  static boolean plausible(String alg, byte[] signature) {
    Integer length = RAW_LENGTH.get(alg);
    if (length == null || signature.length != length) {
      return false;
    }
    int half = length / 2;
    return !allZero(signature, 0, half) && !allZero(signature, half, length);
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    int bits = 0;
    for (int i = from; i < to; i++) {
      bits |= bytes[i];
    }
    return bits == 0;
  }
}
