package dev.portcullis.admin.audit;

/**
 * What {@link AuditVerifier#verify} found. Immutable.
 *
 * @param lines      whole, valid lines before the first break (all of them when the chain holds)
 * @param lastHash   SHA-256 of the last valid line ({@code prev} of the next one); keep it somewhere else
 *                   to detect later removal of lines from the end, which no chain can see by itself
 * @param brokenLine 1-based number of the first broken line, 0 when the chain holds
 * @param problem    why that line is broken, {@code null} when the chain holds
 */
public record VerifyResult(long lines, String lastHash, long brokenLine, String problem) {

  static VerifyResult intact(long lines, String lastHash) {
    return new VerifyResult(lines, lastHash, 0, null);
  }

  static VerifyResult broken(long validLines, String lastHash, String problem) {
    return new VerifyResult(validLines, lastHash, validLines + 1, problem);
  }

  /** True when every line is whole, in sequence and chained to the one before. */
  public boolean holds() {
    return brokenLine == 0;
  }

  /** One line for a person: the count and last hash, or the first broken line and why. */
  public String summary() {
    if (holds()) {
      return "audit trail intact: " + lines + (lines == 1 ? " line" : " lines") + ", last hash " + lastHash;
    }
    return "audit trail broken at line " + brokenLine + ": " + problem;
  }
}
