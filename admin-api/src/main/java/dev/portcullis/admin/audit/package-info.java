/**
 * The audit trail ({@code WS_AUDIT_FILE}): {@link dev.portcullis.admin.audit.AuditTrail} appends every
 * admin change, block and lift as a hash-chained JSON line, off the hot path;
 * {@link dev.portcullis.admin.audit.AuditVerifier} checks a trail and names its first broken line
 * ({@link dev.portcullis.admin.audit.VerifyResult}). The line format is documented once, in
 * {@code AuditLines}, and in {@code docs/operations.md}.
 */
package dev.portcullis.admin.audit;
